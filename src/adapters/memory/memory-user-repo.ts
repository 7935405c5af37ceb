import { DomainError } from '../../domain/errors.js';
import type { UserRepo } from '../../domain/ports/user-repo.js';
import { truncateToSecond } from '../../domain/time.js';
import type { NewUser, User } from '../../domain/user.js';
import { MemoryStore } from './memory-store.js';

/** {@link UserRepo} in process memory: for tests and embedding. */
export class MemoryUserRepo implements UserRepo {
  constructor(readonly store: MemoryStore = new MemoryStore()) {}

  async add(user: NewUser): Promise<User> {
    for (const existing of this.store.users.values()) {
      if (existing.username === user.username) throw new DomainError('USERNAME_TAKEN', 'username is already registered');
      if (user.email !== null && existing.email === user.email) throw new DomainError('EMAIL_TAKEN', 'email is already registered');
    }
    const stored: User = { ...user, id: this.store.userId(), registeredAt: truncateToSecond(user.registeredAt), lastLogin: null };
    this.store.users.set(stored.id, stored);
    return stored;
  }

  async findByUsername(username: string): Promise<User | null> {
    for (const user of this.store.users.values()) if (user.username === username) return user;
    return null;
  }

  async findById(id: number): Promise<User | null> {
    return this.store.users.get(id) ?? null;
  }

  async list(afterId: number, limit: number): Promise<User[]> {
    return [...this.store.users.values()]
      .filter((u) => u.id > afterId)
      .sort((a, b) => a.id - b.id)
      .slice(0, limit);
  }

  async updatePasswordHash(id: number, passwordHash: string): Promise<void> {
    const user = this.store.users.get(id);
    if (user) this.store.users.set(id, { ...user, passwordHash });
  }

  async replacePasswordHash(id: number, expected: string, passwordHash: string): Promise<boolean> {
    const user = this.store.users.get(id);
    if (user?.passwordHash !== expected) return false;
    this.store.users.set(id, { ...user, passwordHash });
    return true;
  }
}
