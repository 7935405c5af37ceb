import type { Knex } from 'knex';
import type { AuditQuery } from '../../domain/ports/auth-failure-log.js';
import type { AuthEvent, AuthLog, AuthLogEntry } from '../../domain/ports/auth-log.js';
import { auditRows, deleteRowsBefore, rowTime, type AuditRow } from './audit-query.js';
import { withStoreErrors } from './store-errors.js';
import { formatTimestamp } from './timestamps.js';

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
      const rows: AuditRow[] = await this.db('auth_logs').where({ user_id: userId }).orderBy('id');
      return rows.map((row) => ({ id: Number(row.id), userId, ip: row.request_ip, at: rowTime(row, 'auth_logs') }));
    });
  }

  deleteBefore(at: Date): Promise<number> {
    return withStoreErrors(() => deleteRowsBefore(this.db, 'auth_logs', at));
  }

  page(query: AuditQuery): Promise<AuthLogEntry[]> {
    return withStoreErrors(async () => {
      const rows = await auditRows(this.db, 'auth_logs', query);
      // user_id may be NULL only in rows written by something else; such a row names no user
      return rows.map((row) => ({ id: Number(row.id), userId: Number(row.user_id), ip: row.request_ip, at: rowTime(row, 'auth_logs') }));
    });
  }
}
