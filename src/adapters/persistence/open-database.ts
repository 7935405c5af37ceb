import type { Knex } from 'knex';
import { openPostgres } from './postgres-connection.js';
import { openSqlite } from './sqlite-connection.js';

/** Where the data lives: PostgreSQL when `databaseUrl` is given, otherwise a SQLite file (or `:memory:`). */
export interface DatabaseOptions {
  readonly sqlitePath?: string;
  readonly databaseUrl?: string;
  /** PostgreSQL pool size (default 10). SQLite always uses knex's single connection. */
  readonly poolMax?: number;
  /** Where knex reports pool trouble (default: the console). */
  readonly log?: Knex.Logger;
}

/**
 * Opens a Knex instance on PostgreSQL (`databaseUrl`) or SQLite (`sqlitePath`, default `:memory:`).
 * Connections are made lazily by the pool, so a database that is down at start, or goes away and
 * comes back, is picked up again without a restart.
 */
export function openDatabase(options: DatabaseOptions): Knex {
  const log = options.log ? { log: options.log } : {};
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolMax ?? 10, log)
    : openSqlite(options.sqlitePath ?? ':memory:', log);
}
