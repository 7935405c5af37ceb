import type { Knex } from 'knex';
import { dialectOf } from './dialect.js';

/**
 * A database-wide lock held until the transaction ends: on PostgreSQL the advisory lock `pgKey`; on
 * SQLite the database's write lock, taken by running `sqliteWrite`: any harmless write.
 */
export interface AdvisoryLock {
  /** Arbitrary and fixed, one per thing serialised. */
  readonly pgKey: number;
  /** A write with no effect that matters (writing takes the lock), e.g. `UPDATE t SET c = c WHERE 0`. */
  readonly sqliteWrite: string;
}

/**
 * Takes `lock` inside `trx`, before anything is read, so that every process sharing the database
 * waits its turn. knex begins SQLite transactions DEFERRED: a write takes the write lock now (waiting
 * out busy_timeout) rather than at a later write, where it could fail on a stale snapshot.
 */
export async function takeAdvisoryLock(trx: Knex.Transaction, lock: AdvisoryLock): Promise<void> {
  if (dialectOf(trx) === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(?)', [lock.pgKey]);
  else await trx.raw(lock.sqliteWrite);
}
