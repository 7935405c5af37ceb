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
  /** Replaces a user's password hash (bootstrap users, re-hashing). */
  updatePasswordHash(id: number, passwordHash: string): Promise<void>;
}
