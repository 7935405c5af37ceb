import type { AuditQuery } from './auth-failure-log.js';

/** One successful authentication. */
export interface AuthEvent {
  readonly userId: number;
  /** The client's address, as the HTTP edge determined it. */
  readonly ip: string;
  readonly at: Date;
}

/** A recorded authentication, with its id. Timestamps have one-second precision. */
export interface AuthLogEntry extends AuthEvent {
  readonly id: number;
}

/** The audit trail of successful authentications. */
export interface AuthLog {
  /**
   * Appends the event and sets the user's `lastLogin` to `event.at`, in one atomic write,
   * durable when the promise resolves.
   */
  record(event: AuthEvent): Promise<void>;
  /** A user's entries, oldest first. */
  forUser(userId: number): Promise<AuthLogEntry[]>;
  /** One page of entries in (time, id) order. */
  page(query: AuditQuery): Promise<AuthLogEntry[]>;
  /** Deletes every entry recorded before `at` (not at it); answers how many. Users' `lastLogin` stays. */
  deleteBefore(at: Date): Promise<number>;
}
