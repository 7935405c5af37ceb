/**
 * `node dist/src/migrate.js`: brings the database schema up to date and exits.
 * Reads `DATABASE_URL` (PostgreSQL) or else `DB_PATH` (SQLite, default `totally_not_my_privateKeys.db`).
 */
import { openDatabase } from './adapters/persistence/open-database.js';
import { migrate } from './adapters/persistence/migrations.js';

const databaseUrl = process.env.DATABASE_URL || undefined;
const sqlitePath = process.env.DB_PATH || 'totally_not_my_privateKeys.db';
const target = databaseUrl ? 'PostgreSQL' : `SQLite ${sqlitePath}`;
// knex's own pool warnings would repeat, over several lines, what the one line below says.
const quiet = { warn() {}, error() {}, debug() {} };
const db = openDatabase(databaseUrl ? { databaseUrl, log: quiet } : { sqlitePath, log: quiet });

try {
  await migrate(db);
  console.log(`migrations applied: ${target} is up to date`);
} catch (err) {
  console.error(`migration failed (${target}): ${describe(err)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`.replace(/\s+/g, ' ');
}
