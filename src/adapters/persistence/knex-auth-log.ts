import type { Knex } from 'knex';
import type { AuthEvent, AuthLog, AuthLogEntry } from '../../domain/ports/auth-log.js';
import { withStoreErrors } from './store-errors.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

interface AuthLogRow {
  id: number;
  request_ip: string;
  request_timestamp: string | Date | null;
  user_id: number | null;
}

/** {@link AuthLog} on the `auth_logs` table, also keeping `users.last_login` (SQLite or PostgreSQL). */
export class KnexAuthLog implements AuthLog {
  constructor(private readonly db: Knex) {}

  record(event: AuthEvent): Promise<void> {
    return withStoreErrors(async () => {
      const at = formatTimestamp(event.at);
      await this.db.transaction(async (trx) => {
        await trx('auth_logs').insert({ request_ip: event.ip, request_timestamp: at, user_id: event.userId });
        await trx('users').where({ id: event.userId }).update({ last_login: at });
      });
    });
  }

  forUser(userId: number): Promise<AuthLogEntry[]> {
    return withStoreErrors(async () => {
      const rows: AuthLogRow[] = await this.db('auth_logs').where({ user_id: userId }).orderBy('id');
      return rows.map((row) => {
        const at = parseTimestamp(row.request_timestamp);
        if (at === null) throw new Error(`auth_logs.request_timestamp is NULL for id ${row.id}`);
        return { id: Number(row.id), userId, ip: row.request_ip, at };
      });
    });
  }
}
