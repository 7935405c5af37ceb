import type { NewUser, User } from '../user.js';

/** Storage of users. Implementations keep timestamps to the second. */
export interface UserRepo {
  /**
   * Stores a new user and returns it with its id.
   * Throws `DomainError('USERNAME_TAKEN')` or `DomainError('EMAIL_TAKEN')` on a duplicate,
   * atomically: of concurrent adds of one username exactly one succeeds.
   */
  add(user: NewUser): Promise<User>;
  /** The user with exactly this username (case-sensitive), or null. */
  findByUsername(username: string): Promise<User | null>;
  /** The user with this id, or null. */
  findById(id: number): Promise<User | null>;
  /** Up to `limit` users with ids above `afterId`, in id order (pages of the whole table). */
  list(afterId: number, limit: number): Promise<User[]>;
  /** Replaces a user's password hash unconditionally (bootstrap users, a reset). */
  updatePasswordHash(id: number, passwordHash: string): Promise<void>;
  /**
   * Replaces a user's password hash only if it still is `expected` (compare-and-set), so an upgrade
   * computed from an old hash never undoes a concurrent reset. True when it was replaced.
   */
  replacePasswordHash(id: number, expected: string, passwordHash: string): Promise<boolean>;
}
