/** One login attempt as the defence sees it: the name tried (registered or not) and the client's limit key. */
export interface LoginAttempt {
  readonly username: string;
  /** The client as rate limits know it (an IPv4 address, an IPv6 /64). */
  readonly client: string;
}

/** Which limit refused an attempt: the (username, client) pair, or the username across all clients. */
export type ThrottleScope = 'client' | 'account';

/** The defence's answer before the password is checked. */
export type ThrottleVerdict =
  | {
      readonly allowed: true;
      /**
       * Reports the attempt's outcome, exactly once: a success resets the pair and gives back the
       * reservation, a failure keeps it and counts; `aborted` (the check itself failed) gives it back.
       */
      settle(outcome: 'success' | 'failure' | 'aborted'): Promise<void>;
    }
  | { readonly allowed: false; readonly scope: ThrottleScope; readonly retryAfterSeconds: number };

/**
 * The per-account brute-force defence (see `LoginDefencePolicy`). `begin` reserves the attempt
 * atomically, so concurrent guesses cannot overrun a limit. Throws `DomainError('UNAVAILABLE')` only
 * when its store is down and it is set to fail closed.
 */
export interface LoginThrottle {
  begin(attempt: LoginAttempt): Promise<ThrottleVerdict>;
}
