/**
 * Does a big database slow a request down? p50 of sequential POST /auth and POST /register on a
 * database seeded (by direct SQL, in seconds) with 100,000 users and 1,000,000 auth_logs rows,
 * against the same on an empty database; requests alternate between the two servers.
 */
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { storedHash } from '../lib/ceiling.js';
import { startServer, tempDir, waitFor, type Child } from '../lib/proc.js';
import { median } from '../lib/stats.js';
import { BENCH_PASSWORD } from './hashing.js';

export interface ScaleResult {
  users: number;
  authLogs: number;
  seedMs: number;
  empty: { auth: number[]; register: number[] };
  seeded: { auth: number[]; register: number[] };
}

function exec(file: string, sql: string): Promise<void> {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return fail(err);
      db.exec(sql, (execErr) => db.close((closeErr) => ((execErr ?? closeErr) ? fail(execErr ?? closeErr) : done())));
    });
  });
}

/** Seeds users seed_1…seed_N (password BENCH_PASSWORD) and auth_logs rows spread over them. */
async function seed(file: string, users: number, authLogs: number): Promise<void> {
  const hash = await storedHash();
  await exec(
    file,
    `BEGIN;
     INSERT INTO users (username, password_hash, email, date_registered, last_login)
       WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${users})
       SELECT 'seed_' || x, '${hash}', 'seed_' || x || '@example.com', '2026-01-01 00:00:00', NULL FROM n;
     INSERT INTO auth_logs (request_ip, request_timestamp, user_id)
       WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < ${authLogs - 1})
       SELECT '10.0.' || (x % 250) || '.' || (x % 199), datetime(1767225600 + x, 'unixepoch'),
              (SELECT min(id) FROM users) + x % ${users} FROM n;
     COMMIT;`,
  );
}

async function timed(url: string, body: string, expected: number): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  if (res.status !== expected) throw new Error(`${url} answered ${res.status}, expected ${expected}`);
  return performance.now() - t0;
}

const ENV = { RATE_LIMIT_AUTH: '0', RATE_LIMIT_REGISTER: '0' };

export async function scale(options: { users: number; authLogs: number; requests: number }): Promise<ScaleResult> {
  const dir = tempDir();
  const file = join(dir, 'bench.db');
  const first = await startServer(ENV, dir, true); // the server's own migrations make the schema
  await waitFor(`${first.url}/readyz`);
  await first.stop();
  const t0 = performance.now();
  await seed(file, options.users, options.authLogs);
  const seedMs = performance.now() - t0;

  const seeded = await startServer(ENV, dir);
  const empty = await startServer({ ...ENV, BOOTSTRAP_USERS: `seed_${options.users / 2}:${BENCH_PASSWORD}` });
  const result: ScaleResult = {
    users: options.users,
    authLogs: options.authLogs,
    seedMs,
    empty: { auth: [], register: [] },
    seeded: { auth: [], register: [] },
  };
  try {
    await Promise.all([waitFor(`${seeded.url}/readyz`), waitFor(`${empty.url}/readyz`)]);
    const login = JSON.stringify({ username: `seed_${options.users / 2}`, password: BENCH_PASSWORD });
    const servers: [Child, { auth: number[]; register: number[] }][] = [
      [empty, result.empty],
      [seeded, result.seeded],
    ];
    for (let i = -3; i < options.requests; i++) {
      for (const [server, into] of i % 2 === 0 ? servers : [...servers].reverse()) {
        const auth = await timed(`${server.url}/auth`, login, 200);
        const register = await timed(
          `${server.url}/register`,
          JSON.stringify({ username: `scale_${i + 3}`, email: `scale_${i + 3}@example.com` }),
          201,
        );
        if (i >= 0) (into.auth.push(auth), into.register.push(register)); // the first three are warm-up
      }
    }
  } finally {
    await Promise.all([seeded.stop(), empty.stop()]);
  }
  return result;
}

export const scaleSummary = (r: ScaleResult) => ({
  auth: median(r.seeded.auth) / median(r.empty.auth),
  register: median(r.seeded.register) / median(r.empty.register),
});
