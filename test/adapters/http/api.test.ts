import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/server/index.js';
import { basic, login, postJson, register, UUID_V4 } from '../../support/http.js';
import { startInProcess } from '../../support/server.js';
import { tempDir } from '../../support/temp-dir.js';
import { querySqlite } from '../../support/sqlite.js';

let server: RunningServer;
let base: string;
let dir: ReturnType<typeof tempDir>;
let dbFile: string;

beforeAll(async () => {
  dir = tempDir();
  dbFile = join(dir.dir, 'totally_not_my_privateKeys.db');
  server = await startInProcess(dir.dir, { BOOTSTRAP_USERS: 'userABC:password123', RATE_LIMIT_AUTH: '0', RATE_LIMIT_REGISTER: '0' });
  base = server.url;
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

async function jwks(): Promise<JSONWebKeySet> {
  return (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
}

async function problem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'about:blank', status, title: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /); // no stack trace
  return body;
}

describe('GET /.well-known/jwks.json', () => {
  it('publishes the unexpired keys, every member a string', async () => {
    const res = await fetch(`${base}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(body.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of body.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      for (const value of Object.values(key)) expect(typeof value).toBe('string');
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
      expect(Buffer.from(key.n as string, 'base64url').length * 8).toBeGreaterThanOrEqual(2048);
    }
  });

  it('sends an ETag and a bounded max-age, and 304 on If-None-Match', async () => {
    const res = await fetch(`${base}/.well-known/jwks.json`);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(300);
    const again = await fetch(`${base}/.well-known/jwks.json`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(`${base}/.well-known/jwks.json`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe('');
  });
});

describe('POST /register', () => {
  it('answers 201 with a UUIDv4 password and stores the user with the seed schema', async () => {
    const res = await postJson(`${base}/register`, { username: 'testor_reg1', email: 'testor_reg1@test.com' });
    expect(res.status).toBe(201);
    const { password } = (await res.json()) as { password: string };
    expect(password).toMatch(UUID_V4);
    const [row] = await querySqlite(dbFile, 'SELECT * FROM users WHERE username = ?', ['testor_reg1']);
    expect(Object.keys(row!)).toEqual(['id', 'username', 'password_hash', 'email', 'date_registered', 'last_login']);
    expect(row).toMatchObject({ username: 'testor_reg1', email: 'testor_reg1@test.com', last_login: null });
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.password_hash).not.toContain(password);
    expect(row!.date_registered).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('trims the username', async () => {
    const password = await register(base, '  padded_name  ');
    expect((await login(base, 'padded_name', password)).status).toBe(200);
  });

  it('refuses a duplicate username or email with 409', async () => {
    await register(base, 'dup_user', 'dup@test.com');
    expect((await problem(await postJson(`${base}/register`, { username: 'dup_user' }), 409)).code).toBe('USERNAME_TAKEN');
    expect((await problem(await postJson(`${base}/register`, { username: 'other', email: 'DUP@test.com' }), 409)).code).toBe('EMAIL_TAKEN');
  });

  it.each([
    ['missing username', { email: 'a@b.co' }],
    ['empty username', { username: '' }],
    ['blank username', { username: '   ' }],
    ['numeric username', { username: 42 }],
    ['username with a space', { username: 'a b' }],
    ['over-long username', { username: 'x'.repeat(65) }],
    ['invalid email', { username: 'bad_email', email: 'not-an-email' }],
    ['email of wrong type', { username: 'bad_email2', email: ['a@b.co'] }],
    ['a JSON array', ['username']],
    ['a JSON string', 'username'],
  ])('refuses %s with 400', async (_, body) => {
    await problem(await postJson(`${base}/register`, body), 400);
  });

  it('refuses malformed JSON with 400', async () => {
    await problem(
      await fetch(`${base}/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":' }),
      400,
    );
  });

  it('refuses a body that is not JSON with 415', async () => {
    await problem(await fetch(`${base}/register`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'username=x' }), 415);
    await problem(await fetch(`${base}/register`, { method: 'POST', body: new URLSearchParams({ username: 'x' }) }), 415);
  });

  it('refuses a body over the limit with 413', async () => {
    await problem(await postJson(`${base}/register`, { username: 'big', padding: 'x'.repeat(10_000) }), 413);
  });
});

describe('POST /auth', () => {
  let password: string;
  beforeAll(async () => {
    password = await register(base, 'alice', 'alice@test.com');
  });

  it('issues an RS256 JWT that verifies against the JWKS', async () => {
    const res = await login(base, 'alice', password);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    const header = decodeProtectedHeader(body.token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const { payload } = await jwtVerify(body.token, createLocalJWKSet(await jwks()), { issuer: server.publicUrl }); // PUBLIC_URL unset: http://localhost:<port>
    expect(payload).toMatchObject({ sub: expect.any(String), jti: expect.any(String), iat: expect.any(Number), exp: expect.any(Number) });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(body.expires_in).toBeGreaterThan(3590);
  });

  it('accepts a form body, HTTP Basic, and ignores a Bearer token that is not ours', async () => {
    const form = await fetch(`${base}/auth`, { method: 'POST', body: new URLSearchParams({ username: 'alice', password }) });
    expect(form.status).toBe(200);
    const basicOnly = await fetch(`${base}/auth`, { method: 'POST', headers: { Authorization: basic('alice', password) } });
    expect(basicOnly.status).toBe(200);
    const bearerAndForm = await fetch(`${base}/auth`, {
      method: 'POST',
      headers: { Authorization: 'Bearer 0123456789abcdef' },
      body: new URLSearchParams({ username: 'alice', password }),
    });
    expect(bearerAndForm.status).toBe(200);
    const bearerAndJson = await postJson(`${base}/auth`, { username: 'alice', password }, { Authorization: 'Bearer deadbeef' });
    expect(bearerAndJson.status).toBe(200);
  });

  it('logs in the bootstrap user of the course client (form, then JSON)', async () => {
    const form = await fetch(`${base}/auth`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'userABC', password: 'password123' }),
    });
    expect(form.status).toBe(200);
    expect((await login(base, 'userABC', 'password123')).status).toBe(200);
  });

  it('answers a wrong password and an unknown user identically with 401 and WWW-Authenticate', async () => {
    const wrong = await login(base, 'alice', 'not-the-password');
    const unknown = await login(base, 'nobody_here', 'whatever');
    for (const res of [wrong, unknown]) expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await problem(wrong, 401)).toEqual(await problem(unknown, 401));
  });

  it('refuses missing or mistyped credentials with 400', async () => {
    await problem(await postJson(`${base}/auth`, {}), 400);
    await problem(await postJson(`${base}/auth`, { username: 'alice', password: 123 }), 400);
    await problem(await fetch(`${base}/auth`, { method: 'POST' }), 400);
  });

  it('refuses an unsupported body type with 415 and an oversized body with 413', async () => {
    await problem(await fetch(`${base}/auth`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<a/>' }), 415);
    await problem(await postJson(`${base}/auth`, { username: 'alice', password: 'x'.repeat(10_000) }), 413);
  });

  it('signs ?expired=true with an expired key that the JWKS does not publish', async () => {
    const res = await login(base, 'alice', password, '?expired=true');
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const claims = decodeJwt(token);
    expect(claims.exp!).toBeLessThan(Date.now() / 1000);
    const kid = decodeProtectedHeader(token).kid;
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(kid);
    await expect(jwtVerify(token, createLocalJWKSet(await jwks()))).rejects.toThrow();
  });

  it('records one auth_logs row per success (none per failure) and updates last_login', async () => {
    const password2 = await register(base, 'logged_user', 'logged@test.com');
    const [{ id }] = (await querySqlite<{ id: number }>(dbFile, 'SELECT id FROM users WHERE username = ?', ['logged_user'])) as [
      { id: number },
    ];
    await login(base, 'logged_user', 'wrong');
    expect(await querySqlite(dbFile, 'SELECT * FROM auth_logs WHERE user_id = ?', [id])).toHaveLength(0);
    expect((await login(base, 'logged_user', password2)).status).toBe(200);
    expect((await login(base, 'logged_user', password2)).status).toBe(200);
    const rows = await querySqlite(dbFile, 'SELECT * FROM auth_logs WHERE user_id = ?', [id]);
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'request_ip', 'request_timestamp', 'user_id']);
    expect(rows[0]).toMatchObject({ request_ip: '127.0.0.1', user_id: id });
    expect(rows[0]!.request_timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const [user] = await querySqlite(dbFile, 'SELECT last_login, typeof(last_login) AS t FROM users WHERE id = ?', [id]);
    expect(user).toMatchObject({ t: 'text', last_login: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
  });

  it('ignores X-Forwarded-For unless a proxy is trusted', async () => {
    const res = await postJson(`${base}/auth`, { username: 'alice', password }, { 'X-Forwarded-For': '203.0.113.9' });
    expect(res.status).toBe(200);
    const rows = await querySqlite(dbFile, "SELECT * FROM auth_logs WHERE request_ip = '203.0.113.9'");
    expect(rows).toHaveLength(0);
  });
});

describe('methods and paths', () => {
  it.each([
    ['GET', '/auth'],
    ['PUT', '/auth'],
    ['DELETE', '/auth'],
    ['PATCH', '/auth'],
    ['HEAD', '/auth'],
    ['POST', '/.well-known/jwks.json'],
    ['PUT', '/.well-known/jwks.json'],
    ['DELETE', '/.well-known/jwks.json'],
    ['PATCH', '/.well-known/jwks.json'],
    ['GET', '/register'],
  ])('%s %s is 405 with Allow', async (method, path) => {
    const res = await fetch(`${base}${path}`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBeTruthy();
    if (method !== 'HEAD') await problem(res, 405);
  });

  it('an unknown path is a JSON 404', async () => {
    await problem(await fetch(`${base}/nope`), 404);
  });

  it('health and readiness', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { startup: 'up', database: 'up' } });
  });
});

describe('the SQLite file, read directly', () => {
  it('has exactly the seed schemas', async () => {
    const columns = async (table: string) =>
      (await querySqlite<{ name: string; type: string }>(dbFile, `PRAGMA table_info(${table})`)).map((c) => `${c.name} ${c.type}`);
    expect(await columns('keys')).toEqual(['kid INTEGER', 'key BLOB', 'exp INTEGER']);
    expect(await columns('users')).toEqual([
      'id INTEGER',
      'username TEXT',
      'password_hash TEXT',
      'email TEXT',
      'date_registered TIMESTAMP',
      'last_login TIMESTAMP',
    ]);
    expect(await columns('auth_logs')).toEqual(['id INTEGER', 'request_ip TEXT', 'request_timestamp TIMESTAMP', 'user_id INTEGER']);
  });

  it('keeps the private keys encrypted, with an unexpired and an expired one', async () => {
    const rows = await querySqlite<{ kid: number; key: Buffer; exp: number }>(dbFile, 'SELECT * FROM keys');
    const now = Date.now() / 1000;
    expect(rows.some((r) => r.exp > now)).toBe(true);
    expect(rows.some((r) => r.exp < now)).toBe(true);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['kid', 'key', 'exp']);
      expect(Buffer.isBuffer(row.key)).toBe(true);
      expect(row.key.toString('latin1')).not.toContain('-----BEGIN');
      expect(row.key.toString('latin1')).not.toContain('PRIVATE KEY');
      expect(row.key[0]).toBe(2); // format version: 0x02, with the sealing master key's id
      // DER of an RSA private key starts 30 82; AES-GCM output (after version, key id and nonce) must not look like it
      expect(row.key.subarray(21, 23).toString('hex')).not.toBe('3082');
    }
    const hashes = new Set(rows.map((r) => createHash('sha256').update(r.key).digest('hex')));
    expect(hashes.size).toBe(rows.length);
  });
});
