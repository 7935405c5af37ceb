import type { Knex } from 'knex';

/** What this module uses of a node-sqlite3 statement. */
interface RawStatement {
  all(params: readonly unknown[], callback: (err: Error | null, rows: unknown[]) => void): void;
  run(params: readonly unknown[], callback: (err: Error | null) => void): void;
  finalize(callback: () => void): void;
}

/** What this module uses of a node-sqlite3 connection (knex's raw SQLite connection). */
export interface RawSqliteConnection {
  prepare(sql: string, callback: (err: Error | null) => void): RawStatement;
}

const kept = new WeakMap<object, Map<string, Promise<RawStatement>>>();

/**
 * Runs `work` on a connection held from knex's pool: no other query runs on it meanwhile (the SQLite
 * pool holds one connection), so statements kept on it (`keptFirst`, `keptRun`) are used one at a time.
 */
export async function onSqliteConnection<T>(db: Knex, work: (conn: RawSqliteConnection) => Promise<T>): Promise<T> {
  const conn = (await db.client.acquireConnection()) as RawSqliteConnection;
  try {
    return await work(conn);
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/**
 * The first row `sql` answers (a query of one row at most: `LIMIT 1`, `RETURNING` of one insert), on a
 * connection held from knex's pool (see {@link onSqliteConnection}), with a statement prepared once
 * per connection and kept. For the queries every login runs: knex prepares
 * and finalizes a statement for each query, a Statement object and two trips to libuv's pool every
 * time, where a kept one costs one trip (about 1 ms less CPU a login).
 *
 * The statement is run to its end (node-sqlite3's `all`), never left after its first row as `get`
 * leaves it: a statement in progress holds its transaction open, so the connection would go on
 * reading an old snapshot, and could not write once another process has.
 */
export function keptFirst<T>(db: Knex, sql: string, params: readonly unknown[]): Promise<T | undefined> {
  return onSqliteConnection(db, (conn) => keptGet<T>(conn, sql, params));
}

function keptGet<T>(conn: RawSqliteConnection, sql: string, params: readonly unknown[]): Promise<T | undefined> {
  return statement(conn, sql).then(
    (s) =>
      new Promise<T | undefined>((resolve, reject) =>
        s.all(params, (err, rows) => (err ? reject(err) : resolve(rows[0] as T | undefined))),
      ),
  );
}

/** Runs `sql` (no rows back) on a held connection with a statement kept on it; see {@link keptFirst}. */
export function keptRun(conn: RawSqliteConnection, sql: string, params: readonly unknown[] = []): Promise<void> {
  return statement(conn, sql).then((s) => new Promise<void>((resolve, reject) => s.run(params, (err) => (err ? reject(err) : resolve()))));
}

/**
 * Finalizes the statements kept on `conn`. SQLite refuses to close a connection with statements
 * open, so this runs before it closes (see sqlite-connection.ts).
 */
export async function finalizeKept(conn: object): Promise<void> {
  const statements = kept.get(conn);
  kept.delete(conn);
  if (!statements) return;
  await Promise.all(
    [...statements.values()].map((p) =>
      p.then(
        (s) => new Promise<void>((resolve) => s.finalize(() => resolve())),
        () => undefined, // never prepared: nothing to finalize
      ),
    ),
  );
}

function statement(conn: RawSqliteConnection, sql: string): Promise<RawStatement> {
  let statements = kept.get(conn);
  if (!statements) kept.set(conn, (statements = new Map()));
  let prepared = statements.get(sql);
  if (!prepared) {
    // prepared with a callback: without one, node-sqlite3 reports a failure as an 'error' event, which
    // nothing would catch; a statement that failed to prepare is not kept
    prepared = new Promise<RawStatement>((resolve, reject) => {
      const s = conn.prepare(sql, (err) => (err ? reject(err) : resolve(s)));
    });
    const map = statements;
    prepared.catch(() => map.delete(sql));
    statements.set(sql, prepared);
  }
  return prepared;
}
