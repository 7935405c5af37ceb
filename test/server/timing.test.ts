/**
 * Issue #9, point 3, through the real server with real Argon2id: after a change of the hash settings
 * (dearer or cheaper), a wrong password for a user whose hash carries the old settings takes as long
 * as an unknown user, within noise; and a success upgrades the hash to the new settings.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { login, register } from '../support/http.js';
import { startInProcess, tempDir } from '../support/server.js';
import { querySqlite } from '../support/sqlite.js';

const USERS = 12;
const ROUNDS = 12;

let dir: ReturnType<typeof tempDir> | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  dir?.remove();
  server = undefined;
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(username: string, password: string): Promise<number> {
  const start = performance.now();
  const res = await login(server!.url, username, password);
  await res.arrayBuffer();
  expect(res.status).toBe(401);
  return performance.now() - start;
}

/** Users registered under `before`, then the server restarted under `after`; the median ratio unknown / wrong password. */
async function ratioAfterChange(before: string, after: string): Promise<{ ratio: number; wrong: number; unknown: number }> {
  dir = tempDir();
  const env = { RATE_LIMIT_AUTH: '0', LOG_LEVEL: 'silent' };
  server = await startInProcess(dir.dir, { ...env, ARGON2_TIME_COST: before });
  for (let i = 0; i < USERS; i++) await register(server.url, `timing_${i}`);
  await server.close();
  server = await startInProcess(dir.dir, { ...env, ARGON2_TIME_COST: after });
  // warm-up: the server learns what a verification of each kind of stored hash costs
  for (let i = 0; i < 4; i++) (await timed(`timing_${i % USERS}`, 'warm-up'), await timed(`ghost_${i}`, 'warm-up'));
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // interleaved, each user at most a few times (under the per-account limit)
    wrong.push(await timed(`timing_${r % USERS}`, `wrong-${r}`));
    unknown.push(await timed(`ghost_${r}_${Math.random().toString(36).slice(2)}`, `wrong-${r}`));
  }
  return { ratio: median(unknown) / median(wrong), wrong: median(wrong), unknown: median(unknown) };
}

describe('timing after a change of the Argon2 settings', () => {
  for (const [before, after] of [
    ['2', '6'],
    ['6', '2'],
  ] as const) {
    it(`tells an unknown user from a wrong password no better than noise after ARGON2_TIME_COST ${before} → ${after}`, async () => {
      const { ratio, wrong, unknown } = await ratioAfterChange(before, after);
      console.info(
        `ARGON2_TIME_COST ${before} → ${after}: wrong password ${wrong.toFixed(1)} ms, unknown user ${unknown.toFixed(1)} ms (median of ${ROUNDS}), ratio ${ratio.toFixed(2)}`,
      );
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.33);
    }, 60_000);
  }

  it('upgrades a hash to the new settings on the next successful login, and only then', async () => {
    dir = tempDir();
    server = await startInProcess(dir.dir, { ARGON2_TIME_COST: '2' });
    const password = await register(server.url, 'upgrade_me');
    await server.close();
    server = await startInProcess(dir.dir, { ARGON2_TIME_COST: '3' });
    const db = join(dir.dir, 'totally_not_my_privateKeys.db');
    const hash = async () => (await querySqlite<{ password_hash: string }>(db, 'SELECT password_hash FROM users'))[0]!.password_hash;
    expect(await hash()).toMatch(/\$m=19456,t=2,p=1\$/);
    expect((await login(server.url, 'upgrade_me', 'wrong')).status).toBe(401);
    expect(await hash()).toMatch(/\$m=19456,t=2,p=1\$/);
    expect((await login(server.url, 'upgrade_me', password)).status).toBe(200);
    expect(await hash()).toMatch(/\$m=19456,t=3,p=1\$/);
  }, 30_000);
});
