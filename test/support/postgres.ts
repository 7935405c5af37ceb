import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresUrl } from './services.js';
import { sleep } from './wait.js';

/** A database of its own on the test server, so parallel runs never see each other's rows. */
export interface TempDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database `jwks_test_<random>` through an admin connection to `baseUrl`
 * (default {@link postgresUrl}) and returns its URL.
 */
export async function createTempDatabase(baseUrl = postgresUrl()): Promise<TempDatabase> {
  if (!baseUrl) throw new Error('no PostgreSQL server configured: set TEST_DATABASE_URL');
  const name = `jwks_test_${randomBytes(6).toString('hex')}`;
  // CREATE DATABASE copies template1 and fails (55006) while another session is copying it too.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(baseUrl, `CREATE DATABASE ${name}`);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 10) throw err;
      await sleep(100 * attempt);
    }
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
