/**
 * Issue #9's hardening through the real server: headers on every answer, error bodies that echo
 * nothing, X-Forwarded-For entries that are not addresses, slow and numerous connections.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { postJson, register } from '../support/http.js';
import { startInProcess, tempDir } from '../support/server.js';
import { querySqlite } from '../support/sqlite.js';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
beforeAll(async () => {
  dir = tempDir();
  server = await startInProcess(
    dir.dir,
    { TRUST_PROXY: 'true', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_MAX_CONNECTIONS: '20' },
    { doubles: true },
  );
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

describe('headers on every answer', () => {
  it('sends nosniff everywhere and no-store everywhere but the JWKS', async () => {
    const password = await register(server.url, 'hdr_user');
    const answers = await Promise.all([
      fetch(`${server.url}/healthz`),
      fetch(`${server.url}/nowhere`),
      fetch(`${server.url}/auth`),
      postJson(`${server.url}/auth`, { username: 'hdr_user', password }),
      postJson(`${server.url}/auth`, { username: 'hdr_user', password: 'wrong' }),
      postJson(`${server.url}/register`, { username: 'hdr_user' }),
      fetch(`${server.url}/register`, { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain' } }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 404, 405, 200, 401, 409, 415]);
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const jwks = await fetch(`${server.url}/.well-known/jwks.json`);
    expect(jwks.headers.get('x-content-type-options')).toBe('nosniff');
    expect(jwks.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('never echoes request input in an error body', async () => {
    const marker = 'zq<script>alert(1)</script>';
    const answers = await Promise.all([
      fetch(`${server.url}/${encodeURIComponent(marker)}`),
      fetch(`${server.url}/auth?${marker}`, { method: 'DELETE' }),
      postJson(`${server.url}/register`, { username: marker }),
      postJson(`${server.url}/auth`, { username: marker, password: marker }),
      fetch(`${server.url}/auth`, { method: 'POST', body: `{"username":"${marker}"`, headers: { 'Content-Type': 'application/json' } }),
    ]);
    for (const res of answers) expect(await res.text()).not.toMatch(/zq|script/);
  });
});

describe('client addresses behind a proxy', () => {
  it('ignores an X-Forwarded-For entry that is not an IP address and uses the socket address', async () => {
    const password = await register(server.url, 'xff_user');
    for (const forwarded of ['<b>html</b>', 'x'.repeat(8000), '1.2.3.4:80', 'unknown', '300.1.1.1']) {
      expect((await postJson(`${server.url}/auth`, { username: 'xff_user', password }, { 'X-Forwarded-For': forwarded })).status).toBe(200);
    }
    expect((await postJson(`${server.url}/auth`, { username: 'xff_user', password }, { 'X-Forwarded-For': '2001:db8::7' })).status).toBe(
      200,
    );
    const rows = await querySqlite<{ request_ip: string }>(
      join(dir.dir, 'totally_not_my_privateKeys.db'),
      'SELECT request_ip FROM auth_logs WHERE user_id = (SELECT id FROM users WHERE username = ?)',
      ['xff_user'],
    );
    expect(rows.map((r) => r.request_ip)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1', '2001:db8::7']);
  });
});

describe('slow and numerous connections', () => {
  it('closes a connection whose headers do not arrive within HTTP_HEADERS_TIMEOUT_MS', async () => {
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
    const started = performance.now();
    const text = await new Promise<string>((done) => {
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => done(data));
    });
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('accepts no more than HTTP_MAX_CONNECTIONS at once', async () => {
    const sockets = await Promise.all(
      Array.from(
        { length: 25 },
        () =>
          new Promise<ReturnType<typeof connect>>((done) => {
            const s = connect(server.port, '127.0.0.1', () => done(s));
          }),
      ),
    );
    const closed = await Promise.all(
      sockets.map(
        (s) =>
          new Promise<boolean>((done) => {
            s.once('close', () => done(true));
            setTimeout(() => done(false), 500);
          }),
      ),
    );
    expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    for (const s of sockets) s.destroy();
  });
});
