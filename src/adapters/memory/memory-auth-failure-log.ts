import type { AuditQuery, AuthFailure, AuthFailureEntry, AuthFailureLog } from '../../domain/ports/auth-failure-log.js';
import { truncateToSecond } from '../../domain/time.js';
import { auditPage, removeBefore } from './audit-page.js';
import { MemoryStore } from './memory-store.js';

/** {@link AuthFailureLog} in process memory: for tests and embedding. */
export class MemoryAuthFailureLog implements AuthFailureLog {
  constructor(private readonly store: MemoryStore = new MemoryStore()) {}

  async record(failure: AuthFailure): Promise<void> {
    this.store.authFailures.push({ ...failure, id: this.store.failureId(), at: truncateToSecond(failure.at) });
  }

  async page(query: AuditQuery): Promise<AuthFailureEntry[]> {
    return auditPage(this.store.authFailures, query);
  }

  async deleteBefore(at: Date): Promise<number> {
    return removeBefore(this.store.authFailures, at);
  }
}
