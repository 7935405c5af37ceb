/** Stable codes for everything the core can refuse. The HTTP adapter alone maps them to statuses. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'BAD_CREDENTIALS'
  | 'USERNAME_TAKEN'
  | 'EMAIL_TAKEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'NO_SIGNING_KEY'
  | 'KEY_DECRYPTION_FAILED'
  | 'UNAVAILABLE';

export interface DomainErrorOptions {
  readonly cause?: unknown;
  /** When retrying may succeed, in whole seconds (a limit's remaining window, an outage's back-off). */
  readonly retryAfterSeconds?: number;
}

/** The one error type the core and its adapters throw on purpose. `message` is safe to show a client. */
export class DomainError extends Error {
  // in full: the executable's bundle is minified, class names with it
  override name = 'DomainError';
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: DomainErrorOptions,
  ) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    if (new.target !== DomainError) this.name = new.target.name; // a subclass's (ours name themselves too)
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** True when `err` is a {@link DomainError}, optionally with the given code. */
export function isDomainError(err: unknown, code?: ErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}
