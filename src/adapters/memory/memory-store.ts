import type { AuthFailureEntry } from '../../domain/ports/auth-failure-log.js';
import type { AuthLogEntry } from '../../domain/ports/auth-log.js';
import type { User } from '../../domain/user.js';

/** The shared state behind the memory adapters of users, their status and both audit trails. */
export class MemoryStore {
  readonly users = new Map<number, User>();
  readonly authLogs: AuthLogEntry[] = [];
  readonly authFailures: AuthFailureEntry[] = [];
  readonly disabled = new Map<number, Date>();
  private nextUserId = 1;
  private nextLogId = 1;
  private nextFailureId = 1;

  userId(): number {
    return this.nextUserId++;
  }

  logId(): number {
    return this.nextLogId++;
  }

  failureId(): number {
    return this.nextFailureId++;
  }
}
