import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/server/index.js';
import { postJson, register } from '../../support/http.js';
import { startInProcess } from '../../support/server.js';
import { tempDir } from '../../support/temp-dir.js';
import { querySqlite } from '../../support/sqlite.js';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  dir = tempDir();
  server = await startInProcess(dir.dir, { TRUST_PROXY: '1', RATE_LIMIT_AUTH: '2' }, { doubles: true });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

describe('TRUST_PROXY=1 (one proxy in front)', () => {
  it('logs and rate-limits the client named by the proxy: the last X-Forwarded-For entry', async () => {
    const password = await register(server.url, 'proxied');
    const as = (xff: string) => postJson(`${server.url}/auth`, { username: 'proxied', password }, { 'X-Forwarded-For': xff });
    // the client may forge the left part; the proxy appends the address it saw
    expect((await as('6.6.6.6, 198.51.100.1')).status).toBe(200);
    expect((await as('198.51.100.1')).status).toBe(200);
    expect((await as('198.51.100.1')).status).toBe(429);
    expect((await as('198.51.100.2')).status).toBe(200); // another client, its own limit
    const ips = await querySqlite<{ request_ip: string }>(
      join(dir.dir, 'totally_not_my_privateKeys.db'),
      'SELECT request_ip FROM auth_logs ORDER BY id',
    );
    expect(ips.map((r) => r.request_ip)).toEqual(['198.51.100.1', '198.51.100.1', '198.51.100.2']);
  });
});
