/**
 * Issue #9 through the real server, as an attacker would: distributed guessing against one account
 * from 50 addresses, the same against a name nobody has, the audit rows it leaves, and the owner's
 * login from a client they used before.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { postJson, register } from '../support/http.js';
import { startInProcess, tempDir } from '../support/server.js';
import { querySqlite } from '../support/sqlite.js';

const ADDRESSES = 50;
const GUESSES_PER_ADDRESS = 4;

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let password: string;
beforeAll(async () => {
  dir = tempDir();
  server = await startInProcess(dir.dir, { TRUST_PROXY: 'true' }, { doubles: true });
  password = await register(server.url, 'alice');
  // the owner's usual client: it logged in before the attack
  expect((await postJson(`${server.url}/auth`, { username: 'alice', password }, { 'X-Forwarded-For': '192.0.2.1' })).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

/** Every address guesses `username` in turn, all addresses at once; the statuses, and the Retry-After of the 429s. */
async function distributedGuessing(username: string, subnet: number) {
  const statuses: number[] = [];
  const retryAfter: number[] = [];
  await Promise.all(
    Array.from({ length: ADDRESSES }, async (_, a) => {
      for (let g = 0; g < GUESSES_PER_ADDRESS; g++) {
        const res = await postJson(
          `${server.url}/auth`,
          { username, password: `guess-${a}-${g}` },
          { 'X-Forwarded-For': `198.51.${subnet}.${a + 1}` },
        );
        statuses.push(res.status);
        if (res.status === 429) retryAfter.push(Number(res.headers.get('Retry-After')));
        await res.arrayBuffer();
      }
    }),
  );
  const tally = (s: number) => statuses.filter((x) => x === s).length;
  return { checked: tally(401), refused: tally(429), other: statuses.length - tally(401) - tally(429), retryAfter };
}

describe('per-account defence against distributed guessing', () => {
  let alice: Awaited<ReturnType<typeof distributedGuessing>>;
  let nobody: Awaited<ReturnType<typeof distributedGuessing>>;
  beforeAll(async () => {
    alice = await distributedGuessing('alice', 100);
    nobody = await distributedGuessing('nobody_here', 101);
  });

  it('lets 200 guesses from 50 addresses check at most 5 passwords of one account in its minute', () => {
    expect(alice).toMatchObject({ checked: 5, refused: ADDRESSES * GUESSES_PER_ADDRESS - 5, other: 0 });
    for (const seconds of alice.retryAfter) (expect(seconds).toBeGreaterThanOrEqual(1), expect(seconds).toBeLessThanOrEqual(60));
    console.info(
      `distributed guessing: ${ADDRESSES} addresses × ${GUESSES_PER_ADDRESS} guesses → ${alice.checked} checked, ${alice.refused} refused (429)`,
    );
  });

  it('answers a name nobody has exactly as it answers a real account', () => {
    expect(nobody).toEqual({ ...alice, retryAfter: expect.any(Array) });
  });

  it('still lets the owner in from the client they used before, while new clients wait', async () => {
    const fromNew = await postJson(`${server.url}/auth`, { username: 'alice', password }, { 'X-Forwarded-For': '203.0.113.200' });
    expect(fromNew.status).toBe(429);
    const fromKnown = await postJson(`${server.url}/auth`, { username: 'alice', password }, { 'X-Forwarded-For': '192.0.2.1' });
    expect(fromKnown.status).toBe(200);
  });

  it('records every failure with its reason and the user id only when the user exists, and never a password or unknown name', async () => {
    const db = join(dir.dir, 'totally_not_my_privateKeys.db');
    const rows = await querySqlite<{ request_ip: string; request_timestamp: string; user_id: number | null; reason: string }>(
      db,
      'SELECT * FROM auth_failures ORDER BY id',
    );
    const byReason = (userId: number | null) =>
      rows
        .filter((r) => r.user_id === userId)
        .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.reason]: (acc[r.reason] ?? 0) + 1 }), {});
    expect(byReason(1)).toEqual({ bad_credentials: 5, throttled: 196 }); // 195 guesses and the owner's new client
    expect(byReason(null)).toEqual({ bad_credentials: 5, throttled: 195 });
    for (const row of rows) {
      expect(row.request_timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(row.request_ip).toMatch(/^(198\.51\.10[01]\.\d+|203\.0\.113\.200)$/);
    }
    const dump = JSON.stringify(await querySqlite(db, 'SELECT * FROM auth_failures'));
    expect(dump).not.toMatch(/guess-|nobody_here/);
    expect(dump).not.toContain(password);
    // auth_logs stays successes-only: the owner's two logins
    expect(await querySqlite(db, 'SELECT count(*) AS n FROM auth_logs')).toEqual([{ n: 2 }]);
  });
});
