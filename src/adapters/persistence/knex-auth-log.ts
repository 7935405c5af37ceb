import type { Knex } from 'knex';
import type { AuditQuery } from '../../domain/ports/auth-failure-log.js';
import type { AuthEvent, AuthLog, AuthLogEntry } from '../../domain/ports/auth-log.js';
import { auditRows, deleteRowsBefore, rowTime, type AuditRow } from './audit-query.js';
import { dialectOf, type Dialect } from './dialect.js';
import { keptRun, onSqliteConnection } from './sqlite-statements.js';
import { withStoreErrors } from './store-errors.js';
import { formatTimestamp } from './timestamps.js';

const INSERT_LOG = 'INSERT INTO auth_logs (request_ip, request_timestamp, user_id) VALUES (?, ?, ?)';
const UPDATE_LAST_LOGIN = 'UPDATE users SET last_login = ? WHERE id = ?';

/** {@link AuthLog} on the `auth_logs` table, also keeping `users.last_login` (SQLite or PostgreSQL). */
export class KnexAuthLog implements AuthLog {
  private readonly dialect: Dialect;

  constructor(private readonly db: Knex) {
    this.dialect = dialectOf(db);
  }

  /**
   * One atomic write, without knex's `transaction()`: that builds a whole knex instance per call, a
   * quarter of what a login allocated, on the hottest write there is. PostgreSQL takes both writes in
   * one statement (a data-modifying WITH); SQLite in BEGIN IMMEDIATE … COMMIT on a connection held
   * for the purpose, so no other query runs inside it, with statements kept on it (see keptFirst).
   */
  record(event: AuthEvent): Promise<void> {
    return withStoreErrors(async () => {
      const at = formatTimestamp(event.at);
      const logRow = [event.ip, at, event.userId];
      const lastLogin = [at, event.userId];
      if (this.dialect === 'pg') {
        await this.db.raw(`WITH logged AS (${INSERT_LOG}) ${UPDATE_LAST_LOGIN}`, [...logRow, ...lastLogin]);
        return;
      }
      await onSqliteConnection(this.db, async (conn) => {
        await keptRun(conn, 'BEGIN IMMEDIATE');
        try {
          await keptRun(conn, INSERT_LOG, logRow);
          await keptRun(conn, UPDATE_LAST_LOGIN, lastLogin);
          await keptRun(conn, 'COMMIT');
        } catch (err) {
          await keptRun(conn, 'ROLLBACK').catch(() => undefined);
          throw err;
        }
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
