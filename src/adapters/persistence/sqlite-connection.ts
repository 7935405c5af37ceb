import knex from 'knex';
import type { Knex } from 'knex';
import { ensurePrivateFile } from './private-file.js';
import { finalizeKept } from './sqlite-statements.js';

interface SqliteConnection {
  run(sql: string, callback: (err: Error | null) => void): void;
  close(callback: (err: Error | null) => void): void;
}

/** A Knex instance on the SQLite file `filename` (or `:memory:`), in WAL mode with foreign keys on; a new file is made 0600. */
export function openSqlite(filename: string, log: Knex.Config): Knex {
  const pragmas = [
    'PRAGMA busy_timeout = 5000', // first: switching to WAL must wait for other processes too
    ...(filename === ':memory:' ? [] : ['PRAGMA journal_mode = WAL']),
    'PRAGMA foreign_keys = ON',
  ];
  if (filename !== ':memory:' && !filename.startsWith('file:')) ensurePrivateFile(filename);
  return knex({
    ...log,
    client: 'sqlite3',
    useNullAsDefault: true,
    connection: { filename },
    // knex's default pool for sqlite3 is one connection: writes in one process never contend.
    pool: {
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        // the statements kept on it (sqlite-statements.ts) are finalized first: SQLite will not close otherwise
        const close = conn.close.bind(conn);
        conn.close = (callback) => void finalizeKept(conn).then(() => close(callback));
        runInOrder(conn, pragmas)
          .then(() => done(null, conn))
          .catch((err: Error) => done(err, conn));
      },
    },
  });
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
