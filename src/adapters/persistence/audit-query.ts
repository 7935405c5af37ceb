import type { Knex } from 'knex';
import type { AuditQuery } from '../../domain/ports/auth-failure-log.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

/** The columns both audit tables share. */
export interface AuditRow {
  id: number;
  request_ip: string;
  request_timestamp: string | Date | null;
  user_id: number | null;
}

/**
 * One page of an audit table in (time, id) order. Times are compared as the stored text
 * (`YYYY-MM-DD HH:MM:SS` sorts as it reads) on SQLite, and as timestamps on PostgreSQL.
 */
export function auditRows<R extends AuditRow>(db: Knex, table: string, query: AuditQuery): Promise<R[]> {
  const q = db<R>(table).select('*');
  if (query.since !== undefined) q.where('request_timestamp', '>=', formatTimestamp(query.since));
  if (query.userId !== undefined) q.where('user_id', query.userId);
  if (query.after !== undefined) {
    const { at, id } = query.after;
    const ts = formatTimestamp(at);
    q.where((w) => w.where('request_timestamp', '>', ts).orWhere((same) => same.where('request_timestamp', ts).andWhere('id', '>', id)));
  }
  return q.orderBy([{ column: 'request_timestamp' }, { column: 'id' }]).limit(query.limit) as unknown as Promise<R[]>;
}

/** Deletes the rows of an audit table recorded before `at` (compared as {@link auditRows} compares); answers how many. */
export async function deleteRowsBefore(db: Knex, table: string, at: Date): Promise<number> {
  return Number(await db(table).where('request_timestamp', '<', formatTimestamp(at)).del());
}

/** The time of an audit row; its column is NOT NULL or defaulted, so a NULL means a damaged row. */
export function rowTime(row: AuditRow, table: string): Date {
  const at = parseTimestamp(row.request_timestamp);
  if (at === null) throw new Error(`${table}.request_timestamp is NULL for id ${row.id}`);
  return at;
}
