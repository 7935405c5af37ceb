/** Issue #9 in a real process: what a 429 flood writes to the log, and the modes of the files the server creates. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { login, register } from '../support/http.js';
import { spawnServer, tempDir, type SpawnedServer } from '../support/server.js';

let dir: ReturnType<typeof tempDir> | undefined;
let server: SpawnedServer | undefined;
afterEach(async () => {
  await server?.stop();
  dir?.remove();
  server = undefined;
  dir = undefined;
});

describe('a 429 flood in the log', () => {
  it('writes one summary line per client per window, not a line per rejected request', async () => {
    dir = tempDir();
    server = await spawnServer(dir.dir, { RATE_LIMIT_AUTH: '5' });
    const sent = 600;
    const statuses = await Promise.all(Array.from({ length: sent }, () => login(server!.url, 'nobody', 'x').then((r) => r.status)));
    const refused = statuses.filter((s) => s === 429).length;
    expect(refused).toBeGreaterThan(sent - 50);
    expect(await server.stop()).toBe(0); // the summary of the window so far is written at shutdown
    const lines = server.stdout.map((line) => JSON.parse(line) as { msg: string; status?: number; rejected?: number; ip?: string });
    expect(lines.filter((l) => l.msg === 'request' && l.status === 429)).toEqual([]);
    const summaries = lines.filter((l) => l.msg === 'requests rejected: rate limited');
    expect(summaries).toEqual([expect.objectContaining({ ip: '127.0.0.1', rejected: refused, windowSeconds: expect.any(Number) })]);
    console.info(`429 flood: ${sent} requests, ${refused} refused, ${server.stdout.length} log lines in all`);
  });
});

describe('files the server creates', () => {
  it('creates the database, its WAL and SHM files and the key file readable by the owner only (0600)', async () => {
    dir = tempDir();
    server = await spawnServer(dir.dir);
    const password = await register(server.url, 'mode_user');
    expect((await login(server.url, 'mode_user', password)).status).toBe(200);
    const db = join(dir.dir, 'totally_not_my_privateKeys.db');
    for (const file of [db, `${db}-wal`, `${db}-shm`, join(dir.dir, 'not_my_key')]) {
      expect({ file, mode: (statSync(file).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    }
  });
});
