import type { Knex } from 'knex';
import type { UserStatus } from '../../domain/ports/user-status.js';
import { dialectOf, type Dialect } from './dialect.js';
import { keptFirst } from './sqlite-statements.js';
import { withStoreErrors } from './store-errors.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

const DISABLED_AT = 'SELECT * FROM disabled_users WHERE user_id = ? LIMIT 1';

interface DisabledRow {
  user_id: number;
  disabled_at: string | Date;
}

/** {@link UserStatus} on the `disabled_users` table: a row while a user is disabled (SQLite or PostgreSQL). */
export class KnexUserStatus implements UserStatus {
  private readonly dialect: Dialect;

  constructor(private readonly db: Knex) {
    this.dialect = dialectOf(db);
  }

  disabledAt(userId: number): Promise<Date | null> {
    return withStoreErrors(async () => {
      // read at every login: on SQLite with a kept statement (see keptFirst)
      const row: DisabledRow | undefined =
        this.dialect === 'sqlite'
          ? await keptFirst<DisabledRow>(this.db, DISABLED_AT, [userId])
          : await this.db('disabled_users').where({ user_id: userId }).first();
      return row ? parseTimestamp(row.disabled_at) : null;
    });
  }

  setDisabled(userId: number, at: Date | null): Promise<boolean> {
    return withStoreErrors(async () => {
      if (at === null) return (await this.db('disabled_users').where({ user_id: userId }).del()) > 0;
      // ON CONFLICT DO NOTHING: disabling twice keeps the first time, and reports no change
      const rows = await this.db('disabled_users')
        .insert({ user_id: userId, disabled_at: formatTimestamp(at) })
        .onConflict('user_id')
        .ignore()
        .returning(['user_id']);
      return rows.length > 0;
    });
  }

  allDisabled(): Promise<Map<number, Date>> {
    return withStoreErrors(async () => {
      const rows: DisabledRow[] = await this.db('disabled_users').select('*');
      return new Map(rows.map((row) => [Number(row.user_id), parseTimestamp(row.disabled_at)!]));
    });
  }
}
