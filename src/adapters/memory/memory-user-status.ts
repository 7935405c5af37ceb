import type { UserStatus } from '../../domain/ports/user-status.js';
import { truncateToSecond } from '../../domain/time.js';
import { MemoryStore } from './memory-store.js';

/** {@link UserStatus} in process memory: for tests and embedding. */
export class MemoryUserStatus implements UserStatus {
  constructor(private readonly store: MemoryStore = new MemoryStore()) {}

  async disabledAt(userId: number): Promise<Date | null> {
    return this.store.disabled.get(userId) ?? null;
  }

  async setDisabled(userId: number, at: Date | null): Promise<boolean> {
    const was = this.store.disabled.has(userId);
    if (at === null) return this.store.disabled.delete(userId);
    if (!was) this.store.disabled.set(userId, truncateToSecond(at));
    return !was;
  }

  async allDisabled(): Promise<Map<number, Date>> {
    return new Map(this.store.disabled);
  }
}
