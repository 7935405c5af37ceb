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

/** The one error type the core and its adapters throw on purpose. `message` is safe to show a client. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `err` is a {@link DomainError}, optionally with the given code. */
export function isDomainError(err: unknown, code?: ErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}
