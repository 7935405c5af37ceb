import type { AuthLogEntry } from '../../domain/ports/auth-log.js';
import type { User } from '../../domain/user.js';

/** The shared state behind {@link MemoryUserRepo} and {@link MemoryAuthLog} (they write to both). */
export class MemoryStore {
  readonly users = new Map<number, User>();
  readonly authLogs: AuthLogEntry[] = [];
  private nextUserId = 1;
  private nextLogId = 1;

  userId(): number {
    return this.nextUserId++;
  }

  logId(): number {
    return this.nextLogId++;
  }
}
