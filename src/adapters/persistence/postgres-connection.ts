import knex from 'knex';
import type { Knex } from 'knex';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { discardOnReadTimeout } from './postgres-read-timeout.js';

const PG_INT8 = 20;
const PG_TIMESTAMP = 1114;
const QUERY_TIMEOUT_MS = 5000;

/**
 * A Knex pool of at most `poolMax` PostgreSQL connections, each in UTC, failing (not hanging) a
 * query when the network drops packets, and discarding a connection whose query timed out.
 */
export function openPostgres(connectionString: string, poolMax: number, log: Knex.Config): Knex {
  if (!Number.isInteger(poolMax) || poolMax < 1) throw new Error('poolMax must be a positive whole number');
  // Loaded here, not at import: a SQLite deployment never pays for the pg module.
  const { types: pgTypes } = createRequire(import.meta.url)('pg') as typeof pg;
  // Per connection, never the global pg.types, so an embedder's own pg use is not changed.
  const types = {
    getTypeParser(oid: number, format: string) {
      if (format === 'binary') return pgTypes.getTypeParser(oid, 'binary');
      if (oid === PG_TIMESTAMP) return (text: string) => text; // kept as written; parseTimestamp reads it as UTC
      if (oid === PG_INT8) return (text: string) => Number(text); // exp and counts stay far below 2^53
      return pgTypes.getTypeParser(oid, 'text');
    },
  };
  return knex({
    ...log,
    client: 'pg',
    // query_timeout: a partition (packets dropped, nothing refused) must fail a request, not hang it.
    connection: { connectionString, connectionTimeoutMillis: 2000, query_timeout: QUERY_TIMEOUT_MS, keepAlive: true, types },
    acquireConnectionTimeout: 3000,
    pool: {
      min: 0,
      max: poolMax,
      afterCreate(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) {
        discardOnReadTimeout(conn);
        conn.query("SET TIME ZONE 'UTC'").then(
          () => done(null, conn),
          (err: Error) => done(err, conn),
        );
      },
    },
  });
}
