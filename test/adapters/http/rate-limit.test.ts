import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/server/index.js';
import { login, postJson } from '../../support/http.js';
import { startInProcess } from '../../support/server.js';
import { tempDir } from '../../support/temp-dir.js';
import { sleep } from '../../support/wait.js';
import { querySqlite } from '../../support/sqlite.js';

let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await server?.close();
  dir?.remove();
  server = undefined;
});

describe('POST /auth rate limit (defaults: 10 per second per client)', () => {
  it('passes the course client: after a quiet second, 10 requests on a 100 ms ticker succeed and an 11th right after is 429', async () => {
    dir = tempDir();
    server = await startInProcess(dir.dir, { BOOTSTRAP_USERS: 'userABC:password123' }, { doubles: true });
    // a process's first login pays one-off work (the first signature, lazily compiled code): up to 300 ms
    // on a loaded CI machine, which would stretch the burst below past the window; the quiet second resets it
    expect((await login(server.url, 'userABC', 'password123')).status).toBe(200);
    await sleep(1100);
    const statuses: number[] = [];
    const sentAt: number[] = [];
    const t0 = performance.now();
    let nextTick = t0;
    while (statuses.length < 10) {
      const now = performance.now();
      if (now < nextTick) await sleep(nextTick - now);
      sentAt.push(Math.round(performance.now() - t0));
      statuses.push((await login(server.url, 'userABC', 'password123')).status);
      // like Go's time.Ticker: ticks missed by a slow response are dropped, not queued
      nextTick += 100 * Math.max(1, Math.ceil((performance.now() - nextTick) / 100));
    }
    sentAt.push(Math.round(performance.now() - t0));
    const eleventh = await login(server.url, 'userABC', 'password123');
    const timeline = `sent at ${sentAt.join(', ')} ms`;
    expect(statuses, timeline).toEqual(Array(10).fill(200));
    expect(eleventh.status, `11th ${timeline}: a response slower than the 100 ms tick stretches the burst past the 1 s window`).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(eleventh.headers.get('ratelimit-limit')).toBe('10');
    expect(eleventh.headers.get('ratelimit-remaining')).toBe('0');
    expect(eleventh.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await eleventh.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });

    // refused requests are not logged; the 10 successes (and the warm-up login) are
    const rows = await querySqlite(join(dir.dir, 'totally_not_my_privateKeys.db'), 'SELECT * FROM auth_logs');
    expect(rows).toHaveLength(11);

    await sleep(1100);
    expect((await login(server.url, 'userABC', 'password123')).status).toBe(200);
  });

  it('counts refused credentials too, and answers 429 before looking at the body', async () => {
    dir = tempDir();
    server = await startInProcess(dir.dir, { RATE_LIMIT_AUTH: '3' }, { doubles: true });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(server.url, 'nobody', 'x')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const garbage = await fetch(`${server.url}/auth`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{{{' });
    expect(garbage.status).toBe(429);
  });

  it('RATE_LIMIT_AUTH=0 turns the limiter off', async () => {
    dir = tempDir();
    server = await startInProcess(dir.dir, { RATE_LIMIT_AUTH: '0' }, { doubles: true });
    // distinct names: the per-account defence (a separate limit) is not what this is about
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => login(server!.url, `nobody_${i}`, 'x')));
    expect(results.every((r) => r.status === 401)).toBe(true);
  });
});

describe('POST /register rate limit', () => {
  it('applies its own per-minute limit', async () => {
    dir = tempDir();
    server = await startInProcess(dir.dir, { RATE_LIMIT_REGISTER: '3' }, { doubles: true });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await postJson(`${server.url}/register`, { username: `burst_${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const res = await postJson(`${server.url}/register`, { username: 'burst_x' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(1);
    // the /auth limiter is separate
    expect((await login(server.url, 'nobody', 'x')).status).toBe(401);
  });

  it('lets a burst of 60 registrations through by default', async () => {
    dir = tempDir();
    server = await startInProcess(dir.dir, {}, { doubles: true });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => postJson(`${server!.url}/register`, { username: `many_${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(60).fill(201));
  });
});
