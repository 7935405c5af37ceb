import type { AuditQuery } from '../../domain/ports/auth-failure-log.js';
import type { AuthEvent, AuthLog, AuthLogEntry } from '../../domain/ports/auth-log.js';
import { truncateToSecond } from '../../domain/time.js';
import { auditPage, removeBefore } from './audit-page.js';
import type { MemoryStore } from './memory-store.js';

/** {@link AuthLog} in process memory; shares a {@link MemoryStore} with the {@link MemoryUserRepo}. */
export class MemoryAuthLog implements AuthLog {
  constructor(private readonly store: MemoryStore) {}

  async record(event: AuthEvent): Promise<void> {
    const at = truncateToSecond(event.at);
    const user = this.store.users.get(event.userId);
    if (user) this.store.users.set(user.id, { ...user, lastLogin: at });
    this.store.authLogs.push({ id: this.store.logId(), userId: event.userId, ip: event.ip, at });
  }

  async forUser(userId: number): Promise<AuthLogEntry[]> {
    return this.store.authLogs.filter((entry) => entry.userId === userId);
  }

  async page(query: AuditQuery): Promise<AuthLogEntry[]> {
    return auditPage(this.store.authLogs, query);
  }

  async deleteBefore(at: Date): Promise<number> {
    return removeBefore(this.store.authLogs, at);
  }
}
