/**
 * Why an authentication failed: a wrong password or unknown user, a disabled account, a (username,
 * client) pair blocked after consecutive failures, or a username slowed down after failures from everywhere.
 */
export type FailureReason = 'bad_credentials' | 'disabled' | 'blocked' | 'throttled';

/** One failed authentication. Never the password, never a username that matches no user. */
export interface AuthFailure {
  /** The client's address, as the HTTP edge determined it. */
  readonly ip: string;
  readonly at: Date;
  /** The user the attempt named, when it exists. */
  readonly userId: number | null;
  readonly reason: FailureReason;
}

/** A recorded failure with its id. Timestamps have one-second precision. */
export interface AuthFailureEntry extends AuthFailure {
  readonly id: number;
}

/** Which entries to read, in (time, id) order: from `since` (inclusive), one user's only, after a position. */
export interface AuditQuery {
  readonly since?: Date;
  readonly userId?: number;
  /** Resume after this entry (keyset pagination): its time and id. */
  readonly after?: { readonly at: Date; readonly id: number };
  readonly limit: number;
}

/** The audit trail of failed authentications (successes live in {@link AuthLog}). */
export interface AuthFailureLog {
  /** Appends one failure, durable when the promise resolves. */
  record(failure: AuthFailure): Promise<void>;
  /** One page of failures in (time, id) order. */
  page(query: AuditQuery): Promise<AuthFailureEntry[]>;
  /** Deletes every failure recorded before `at` (not at it); answers how many. */
  deleteBefore(at: Date): Promise<number>;
}
