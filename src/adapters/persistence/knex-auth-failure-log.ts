import type { Knex } from 'knex';
import type { AuditQuery, AuthFailure, AuthFailureEntry, AuthFailureLog, FailureReason } from '../../domain/ports/auth-failure-log.js';
import { auditRows, deleteRowsBefore, rowTime, type AuditRow } from './audit-query.js';
import { withStoreErrors } from './store-errors.js';
import { formatTimestamp } from './timestamps.js';

interface FailureRow extends AuditRow {
  reason: string;
}

/** {@link AuthFailureLog} on the `auth_failures` table (SQLite or PostgreSQL). */
export class KnexAuthFailureLog implements AuthFailureLog {
  constructor(private readonly db: Knex) {}

  record(failure: AuthFailure): Promise<void> {
    return withStoreErrors(async () => {
      await this.db('auth_failures').insert({
        request_ip: failure.ip,
        request_timestamp: formatTimestamp(failure.at),
        user_id: failure.userId,
        reason: failure.reason,
      });
    });
  }

  deleteBefore(at: Date): Promise<number> {
    return withStoreErrors(() => deleteRowsBefore(this.db, 'auth_failures', at));
  }

  page(query: AuditQuery): Promise<AuthFailureEntry[]> {
    return withStoreErrors(async () => {
      const rows = await auditRows<FailureRow>(this.db, 'auth_failures', query);
      return rows.map((row) => ({
        id: Number(row.id),
        ip: row.request_ip,
        at: rowTime(row, 'auth_failures'),
        userId: row.user_id === null ? null : Number(row.user_id),
        reason: row.reason as FailureReason,
      }));
    });
  }
}
