import knex from 'knex';
import type { Knex } from 'knex';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { DomainError } from '../../domain/errors.js';

/** Where the data lives: PostgreSQL when `databaseUrl` is given, otherwise a SQLite file (or `:memory:`). */
export interface DatabaseOptions {
  readonly sqlitePath?: string;
  readonly databaseUrl?: string;
  /** PostgreSQL pool size (default 10). SQLite always uses knex's single connection. */
  readonly poolMax?: number;
  /** Where knex reports pool trouble (default: the console). */
  readonly log?: Knex.Logger;
}

export type Dialect = 'sqlite' | 'pg';

const PG_INT8 = 20;
const PG_TIMESTAMP = 1114;

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

function openSqlite(filename: string, log: Knex.Config): Knex {
  const pragmas = [
    'PRAGMA busy_timeout = 5000', // first: switching to WAL must wait for other processes too
    ...(filename === ':memory:' ? [] : ['PRAGMA journal_mode = WAL']),
    'PRAGMA foreign_keys = ON',
  ];
  return knex({
    ...log,
    client: 'sqlite3',
    useNullAsDefault: true,
    connection: { filename },
    // knex's default pool for sqlite3 is one connection: writes in one process never contend.
    pool: {
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        runInOrder(conn, pragmas)
          .then(() => done(null, conn))
          .catch((err: Error) => done(err, conn));
      },
    },
  });
}

interface SqliteConnection {
  run(sql: string, callback: (err: Error | null) => void): void;
}

async function runInOrder(conn: SqliteConnection, statements: readonly string[]): Promise<void> {
  for (const sql of statements) {
    // Switching a fresh file to WAL while another connection does too answers SQLITE_BUSY without
    // consulting busy_timeout, so that one waits here: up to ~5 s, like the busy timeout.
    for (let attempt = 1; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => conn.run(sql, (err) => (err ? reject(err) : resolve())));
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 100) throw err;
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      }
    }
  }
}

function openPostgres(connectionString: string, poolMax: number, log: Knex.Config): Knex {
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

const QUERY_TIMEOUT_MS = 5000;
const READ_TIMEOUT = 'Query read timeout';

/**
 * pg answers a read timeout but keeps the connection, its stuck query still ahead of any later one.
 * Closing the socket makes knex (which watches `end`) dispose of the connection instead of reusing it.
 */
function discardOnReadTimeout(conn: pg.Client): void {
  const query = conn.query.bind(conn) as (...args: unknown[]) => unknown;
  const socket = () => (conn as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  const check = (err: unknown) => {
    if (err instanceof Error && err.message === READ_TIMEOUT) socket()?.destroy();
  };
  (conn as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const callbackAt = args.findIndex((a) => typeof a === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (err: unknown, ...rest: unknown[]) => void;
      args[callbackAt] = (err: unknown, ...rest: unknown[]) => {
        check(err);
        callback(err, ...rest);
      };
    }
    const result = query(...args);
    if (result instanceof Promise) return result.catch((err: unknown) => { check(err); throw err; });
    return result;
  };
}

/** Which SQL dialect a Knex instance speaks. */
export function dialectOf(db: Knex): Dialect {
  const client = String(db.client.config.client);
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'pg' : 'sqlite';
}

/**
 * A Date as `YYYY-MM-DD HH:MM:SS` in UTC: exactly what SQLite's `CURRENT_TIMESTAMP` writes.
 * Always store this text, never a Date (knex + sqlite3 would write epoch milliseconds).
 */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a stored timestamp (`YYYY-MM-DD HH:MM:SS`, `T` separator and fractional seconds accepted)
 * as UTC unless it names an offset. Null stays null; a Date is returned as is.
 */
export function parseTimestamp(text: string | Date | null): Date | null {
  if (text === null || text instanceof Date) return text;
  const match = TIMESTAMP_PATTERN.exec(text.trim());
  if (!match) throw new Error(`unreadable timestamp in the database: ${JSON.stringify(text)}`);
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match;
  const millis = fraction === '' ? '' : fraction.slice(0, 4).padEnd(4, '0');
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${offset}`);
  if (Number.isNaN(date.getTime())) throw new Error(`unreadable timestamp in the database: ${JSON.stringify(text)}`);
  return date;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN', 'SQLITE_BUSY']);
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
// pg raises these without a code when the server goes away mid-query.
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'Timeout acquiring a connection',
  READ_TIMEOUT,
];

/** True when `err` says the database cannot be reached (as opposed to a query it refused). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'KnexTimeoutError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return true;
  }
  if (err instanceof AggregateError && err.errors.some(isConnectionError)) return true; // happy-eyeballs connects
  return CONNECTION_MESSAGES.some((text) => err.message.includes(text));
}

/** Rethrows a connection failure as `DomainError('UNAVAILABLE')`, anything else unchanged. */
export function translateError(err: unknown): never {
  if (isConnectionError(err)) throw new DomainError('UNAVAILABLE', 'the database is unavailable', { cause: err });
  throw err;
}

/** Runs `fn`, translating connection failures with {@link translateError}. */
export async function withStoreErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    return translateError(err);
  }
}
