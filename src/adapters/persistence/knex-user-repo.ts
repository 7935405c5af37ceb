import type { Knex } from 'knex';
import { DomainError } from '../../domain/errors.js';
import type { UserRepo } from '../../domain/ports/user-repo.js';
import { truncateToSecond } from '../../domain/time.js';
import type { NewUser, User } from '../../domain/user.js';
import { dialectOf, type Dialect } from './dialect.js';
import { keptFirst } from './sqlite-statements.js';
import { withStoreErrors } from './store-errors.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

const FIND_BY_USERNAME = 'SELECT * FROM users WHERE username = ? LIMIT 1';
const INSERT_USER = 'INSERT INTO users (username, email, password_hash, date_registered) VALUES (?, ?, ?, ?) RETURNING id';

/** A `users` row as the drivers return it. */
export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  email: string | null;
  date_registered: string | Date | null;
  last_login: string | Date | null;
}

/** {@link UserRepo} on the `users` table (SQLite or PostgreSQL). */
export class KnexUserRepo implements UserRepo {
  private readonly dialect: Dialect;

  constructor(private readonly db: Knex) {
    this.dialect = dialectOf(db);
  }

  add(user: NewUser): Promise<User> {
    return withStoreErrors(async () => {
      const registeredAt = truncateToSecond(user.registeredAt);
      const row = [user.username, user.email, user.passwordHash, formatTimestamp(registeredAt)];
      let inserted: { id: number } | undefined;
      try {
        // every registration's one statement: on SQLite with a kept statement (see keptFirst)
        inserted =
          this.dialect === 'sqlite'
            ? await keptFirst<{ id: number }>(this.db, INSERT_USER, row)
            : (await this.db.raw<{ rows: Array<{ id: number }> }>(INSERT_USER, row)).rows[0];
      } catch (err) {
        throw duplicateError(err) ?? err;
      }
      const id = inserted?.id;
      if (id === undefined) throw new Error('INSERT INTO users returned no id');
      return { ...user, id: Number(id), registeredAt, lastLogin: null };
    });
  }

  findByUsername(username: string): Promise<User | null> {
    return withStoreErrors(async () => {
      // every login's first query: on SQLite with a kept statement (see keptFirst)
      const row: UserRow | undefined =
        this.dialect === 'sqlite'
          ? await keptFirst<UserRow>(this.db, FIND_BY_USERNAME, [username])
          : await this.db('users').where({ username }).first();
      return row ? toUser(row) : null;
    });
  }

  findById(id: number): Promise<User | null> {
    return withStoreErrors(async () => {
      const row: UserRow | undefined = await this.db('users').where({ id }).first();
      return row ? toUser(row) : null;
    });
  }

  list(afterId: number, limit: number): Promise<User[]> {
    return withStoreErrors(async () => {
      const rows: UserRow[] = await this.db('users').where('id', '>', afterId).orderBy('id').limit(limit);
      return rows.map(toUser);
    });
  }

  updatePasswordHash(id: number, passwordHash: string): Promise<void> {
    return withStoreErrors(async () => {
      await this.db('users').where({ id }).update({ password_hash: passwordHash });
    });
  }

  replacePasswordHash(id: number, expected: string, passwordHash: string): Promise<boolean> {
    return withStoreErrors(async () => {
      const changed = await this.db('users').where({ id, password_hash: expected }).update({ password_hash: passwordHash });
      return changed > 0;
    });
  }
}

/** Maps a `users` row to a {@link User}. */
export function toUser(row: UserRow): User {
  const registeredAt = parseTimestamp(row.date_registered);
  if (registeredAt === null) throw new Error(`users.date_registered is NULL for id ${row.id}`);
  return {
    id: Number(row.id),
    username: row.username,
    email: row.email,
    passwordHash: row.password_hash,
    registeredAt,
    lastLogin: parseTimestamp(row.last_login),
  };
}

// SQLite names the column in its message; PostgreSQL names the constraint.
function duplicateError(err: unknown): DomainError | undefined {
  const { code, message, constraint } = (err ?? {}) as { code?: unknown; message?: unknown; constraint?: unknown };
  const text = String(message);
  const sqlite = code === 'SQLITE_CONSTRAINT' && text.includes('UNIQUE constraint failed');
  const pgUnique = code === '23505';
  if ((sqlite && text.includes('users.username')) || (pgUnique && constraint === 'users_username_key')) {
    return new DomainError('USERNAME_TAKEN', 'username is already registered', { cause: err });
  }
  if ((sqlite && text.includes('users.email')) || (pgUnique && constraint === 'users_email_key')) {
    return new DomainError('EMAIL_TAKEN', 'email is already registered', { cause: err });
  }
  return undefined;
}
