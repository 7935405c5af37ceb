import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { login, register } from '../support/http.js';
import { runToExit, spawnServer, type SpawnedServer } from '../support/server.js';
import { tempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait.js';
import { querySqlite } from '../support/sqlite.js';

const MASTER = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
let running: SpawnedServer[] = [];
let dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  for (const d of dirs) d.remove();
  running = [];
  dirs = [];
});
const spawnTracked = async (...args: Parameters<typeof spawnServer>) => {
  const s = await spawnServer(...args);
  running.push(s);
  return s;
};
const newDir = () => {
  const d = tempDir();
  dirs.push(d);
  return d.dir;
};
const jwksOf = async (url: string) => (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;

describe('the server process (node dist/src/main.cjs)', () => {
  it('answers a request sent the moment it listens on an empty database (it waits for start-up, never fails)', async () => {
    const dir = newDir();
    const t0 = performance.now();
    const server = await spawnTracked(dir, { BOOTSTRAP_USERS: 'userABC:password123', NOT_MY_KEY: MASTER });
    const res = await login(server.url, 'userABC', 'password123');
    const ms = performance.now() - t0;
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    await jwtVerify(token, createLocalJWKSet(await jwksOf(server.url)));
    console.info(`process start to a correct /auth on an empty database: ${ms.toFixed(0)} ms`);
  });

  it('answers ?expired=true sent the moment it listens on an empty database, though that key is stored after ready', async () => {
    const dir = newDir();
    const server = await spawnTracked(dir, { BOOTSTRAP_USERS: 'userABC:password123', NOT_MY_KEY: MASTER });
    const [expired, fresh] = await Promise.all([
      login(server.url, 'userABC', 'password123', '?expired=true'),
      login(server.url, 'userABC', 'password123'),
    ]);
    expect([expired.status, fresh.status]).toEqual([200, 200]);
    const jwks = createLocalJWKSet(await jwksOf(server.url));
    await jwtVerify(((await fresh.json()) as { token: string }).token, jwks);
    const expiredToken = ((await expired.json()) as { token: string }).token;
    await expect(jwtVerify(expiredToken, jwks)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' }); // its key is not published
    expect(decodeJwt(expiredToken).exp).toBeLessThan(Date.now() / 1000);
    await expect(querySqlite(join(dir, 'totally_not_my_privateKeys.db'), 'SELECT COUNT(*) AS n FROM keys')).resolves.toEqual([{ n: 2 }]);
  });

  it('stops gracefully on a SIGTERM sent the moment it logs listening: exit 0, no warning, both keys stored', async () => {
    const dir = newDir();
    const server = await spawnTracked(dir, { NOT_MY_KEY: MASTER });
    expect(await server.stop()).toBe(0); // not killed by the signal: caught before "listening" was logged
    await expect(querySqlite(join(dir, 'totally_not_my_privateKeys.db'), 'SELECT COUNT(*) AS n FROM keys')).resolves.toEqual([{ n: 2 }]);
    expect(server.stdout.filter((line) => /"level":(40|50|60)/.test(line))).toEqual([]);
    expect(server.stderr).toEqual([]);
  });

  it('uses the documented defaults in its working directory: the database file and a generated 0600 key file', async () => {
    const dir = newDir();
    const proc = await spawnTracked(dir, { DB_PATH: 'totally_not_my_privateKeys.db', NOT_MY_KEY_FILE: 'not_my_key' });
    await fetch(`${proc.url}/.well-known/jwks.json`);
    expect(statSync(join(dir, 'totally_not_my_privateKeys.db')).isFile()).toBe(true);
    expect(statSync(join(dir, 'not_my_key')).mode & 0o777).toBe(0o600);
    const warnings = proc.stdout.filter((line) => line.includes('NOT_MY_KEY is not set'));
    expect(warnings).toHaveLength(1);
    expect(await proc.stop()).toBe(0);
    // a second start reuses the key file: the keys decrypt, no new warning
    const again = await spawnTracked(dir, { DB_PATH: 'totally_not_my_privateKeys.db', NOT_MY_KEY_FILE: 'not_my_key' });
    expect((await fetch(`${again.url}/.well-known/jwks.json`)).status).toBe(200);
    expect(again.stdout.some((line) => line.includes('NOT_MY_KEY is not set'))).toBe(false);
  });

  it('keeps its keys across a restart with the same master key; old tokens still verify', async () => {
    const dir = newDir();
    const first = await spawnTracked(dir, { NOT_MY_KEY: MASTER });
    const password = await register(first.url, 'restart_user');
    const { token } = (await (await login(first.url, 'restart_user', password)).json()) as { token: string };
    const kidsBefore = (await jwksOf(first.url)).keys.map((k) => k.kid);
    expect(await first.stop()).toBe(0);

    const second = await spawnTracked(dir, { NOT_MY_KEY: MASTER });
    const jwks = await jwksOf(second.url);
    expect(jwks.keys.map((k) => k.kid)).toEqual(kidsBefore);
    await jwtVerify(token, createLocalJWKSet(jwks));
    expect((await login(second.url, 'restart_user', password)).status).toBe(200);
  });

  it('refuses to start with a wrong master key, with one clear line, leaving the database untouched', async () => {
    const dir = newDir();
    const first = await spawnTracked(dir, { NOT_MY_KEY: MASTER });
    await register(first.url, 'keep_me');
    expect(await first.stop()).toBe(0);
    const db = join(dir, 'totally_not_my_privateKeys.db');
    const before = await querySqlite(db, 'SELECT * FROM keys ORDER BY kid');

    const { code, stderr, stdout } = await runToExit(dir, { NOT_MY_KEY: OTHER });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/do not decrypt with the master key from NOT_MY_KEY/);
    expect(stderr + stdout).not.toContain(OTHER);
    expect(stderr + stdout).not.toContain(MASTER);
    expect(await querySqlite(db, 'SELECT * FROM keys ORDER BY kid')).toEqual(before);
    expect(await querySqlite(db, "SELECT username FROM users WHERE username = 'keep_me'")).toHaveLength(1);
  });

  it.each([
    ['PORT', 'eighty'],
    ['RATE_LIMIT_AUTH', '-1'],
    ['TRUST_PROXY', 'sometimes'],
    ['DATABASE_URL', 'mysql://x'],
    ['BOOTSTRAP_USERS', 'nopassword'],
    ['LOG_LEVEL', 'loud'],
  ])('exits non-zero with one line naming %s when it is invalid', async (name, value) => {
    const { code, stderr } = await runToExit(newDir(), { [name]: value });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(name);
  });

  it('exits 1 with one line when its port is taken', async () => {
    const first = await spawnTracked(newDir(), { NOT_MY_KEY: MASTER });
    const port = new URL(first.url).port;
    const { code, stderr } = await runToExit(newDir(), { NOT_MY_KEY: MASTER, PORT: port });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('EADDRINUSE');
  });

  it('shuts down gracefully on SIGTERM: the in-flight request completes, then exit 0', async () => {
    const server = await spawnTracked(newDir(), { NOT_MY_KEY: MASTER });
    await fetch(`${server.url}/.well-known/jwks.json`);
    const inFlight = fetch(`${server.url}/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'in_flight' }),
    });
    await sleep(5);
    server.proc.kill('SIGTERM');
    expect((await inFlight).status).toBe(201);
    expect(await server.exited).toBe(0);
    expect(server.stdout.some((line) => line.includes('"stopped"'))).toBe(true);
  });

  it('never writes a secret to its logs', async () => {
    const server = await spawnTracked(newDir(), { NOT_MY_KEY: MASTER, BOOTSTRAP_USERS: 'userABC:password123' });
    const password = await register(server.url, 'secretive');
    const { token } = (await (await login(server.url, 'secretive', password)).json()) as { token: string };
    await login(server.url, 'secretive', 'wrong-password-value');
    expect(await server.stop()).toBe(0);
    const output = [...server.stdout, ...server.stderr].join('\n');
    for (const secret of [MASTER, password, token, 'password123', 'wrong-password-value']) expect(output).not.toContain(secret);
    expect(server.stdout.filter((l) => l.includes('"request"')).length).toBeGreaterThanOrEqual(3);
  });
});
