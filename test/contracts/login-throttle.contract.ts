import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginDefencePolicy } from '../../src/domain/login-defence.js';
import type { LoginThrottle, ThrottleVerdict } from '../../src/domain/ports/login-throttle.js';

export interface LoginThrottleHarness {
  readonly throttle: LoginThrottle;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** 2 free failures per pair, then 1 s doubling to 4 s; 3 failures per account per 3 s. */
export const TEST_POLICY = new LoginDefencePolicy(2, 1, 4, 60, 3, 3, 600);

function allowed(v: ThrottleVerdict): Extract<ThrottleVerdict, { allowed: true }> {
  if (!v.allowed) throw new Error(`refused (${v.scope}, retry after ${v.retryAfterSeconds} s)`);
  return v;
}

/** The behaviour every {@link LoginThrottle} must have, with {@link TEST_POLICY}; real time throughout. */
export function loginThrottleContract(name: string, make: (policy: LoginDefencePolicy) => Promise<LoginThrottleHarness>): void {
  describe(`LoginThrottle contract: ${name}`, () => {
    let harness: LoginThrottleHarness | undefined;
    const open = async () => (harness = await make(TEST_POLICY)).throttle;
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });
    const user = () => `user-${randomUUID()}`;
    const fail = async (t: LoginThrottle, username: string, client: string) =>
      allowed(await t.begin({ username, client })).settle('failure');

    it('blocks a (username, client) pair after its free failures, for a doubling time', async () => {
      const t = await open();
      const u = user();
      await fail(t, u, '10.0.0.1');
      await fail(t, u, '10.0.0.1');
      const blocked = await t.begin({ username: u, client: '10.0.0.1' });
      expect(blocked).toMatchObject({ allowed: false, scope: 'client', retryAfterSeconds: 1 });
      await allowed(await t.begin({ username: u, client: '10.0.0.2' })).settle('aborted'); // another client is not blocked
      await sleep(1_100);
      await fail(t, u, '10.0.0.1');
      expect(await t.begin({ username: u, client: '10.0.0.1' })).toMatchObject({ allowed: false, scope: 'client', retryAfterSeconds: 2 });
    });

    it('resets the pair on a success', async () => {
      const t = await open();
      const u = user();
      await fail(t, u, '10.0.0.1');
      await allowed(await t.begin({ username: u, client: '10.0.0.1' })).settle('success');
      await fail(t, u, '10.0.0.1');
      expect((await t.begin({ username: u, client: '10.0.0.1' })).allowed).toBe(true);
    });

    it('caps failures per username across clients, until the window ends', async () => {
      const t = await open();
      const u = user();
      for (let i = 1; i <= 3; i++) await fail(t, u, `10.0.1.${i}`);
      const refused = await t.begin({ username: u, client: '10.0.1.99' });
      expect(refused).toMatchObject({ allowed: false, scope: 'account' });
      expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(3);
      expect((await t.begin({ username: user(), client: '10.0.1.99' })).allowed).toBe(true); // other names are not slowed
      await sleep(3_100);
      expect((await t.begin({ username: u, client: '10.0.1.99' })).allowed).toBe(true);
    });

    it('lets a client that logged in to the name before through a capped account', async () => {
      const t = await open();
      const u = user();
      await allowed(await t.begin({ username: u, client: '10.0.2.1' })).settle('success');
      for (let i = 2; i <= 4; i++) await fail(t, u, `10.0.2.${i}`);
      expect((await t.begin({ username: u, client: '10.0.2.50' })).allowed).toBe(false);
      expect((await t.begin({ username: u, client: '10.0.2.1' })).allowed).toBe(true);
    });

    it('lets exactly the cap of 20 concurrent failing guesses from distinct clients through', async () => {
      const t = await open();
      const u = user();
      const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => t.begin({ username: u, client: `10.0.3.${i}` })));
      const through = verdicts.filter((v) => v.allowed);
      await Promise.all(through.map((v) => v.settle('failure')));
      expect(through).toHaveLength(3);
    });

    it('never refuses concurrent successes from new clients: a success gives its reservation back', async () => {
      const t = await open();
      const u = user();
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const v = await t.begin({ username: u, client: `10.0.4.${i}` });
          if (!v.allowed) return false;
          await sleep(30); // the password check
          await v.settle('success');
          return true;
        }),
      );
      expect(outcomes).toEqual(Array(12).fill(true));
    });

    it('counts no failure of a window that has ended against the next one', async () => {
      const t = await open();
      const u = user();
      // the window opens with the first reservation; this attempt's failure is counted a second later
      const slow = allowed(await t.begin({ username: u, client: '10.0.6.1' }));
      await sleep(1_000);
      await slow.settle('failure');
      await fail(t, u, '10.0.6.2');
      await fail(t, u, '10.0.6.3');
      expect((await t.begin({ username: u, client: '10.0.6.4' })).allowed).toBe(false);
      await sleep(2_300); // the window (3 s) has ended, not yet a second after the last failure
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, async (_, i) => {
          const v = await t.begin({ username: u, client: `10.0.6.${10 + i}` });
          if (!v.allowed) return false;
          await sleep(30);
          await v.settle('success');
          return true;
        }),
      );
      expect(outcomes).toEqual([true, true, true, true]);
    });

    it('gives an aborted attempt its reservation back, and counts nothing for the pair', async () => {
      const t = await open();
      const u = user();
      for (let i = 0; i < 5; i++) await allowed(await t.begin({ username: u, client: '10.0.5.1' })).settle('aborted');
      expect((await t.begin({ username: u, client: '10.0.5.1' })).allowed).toBe(true);
    });
  });
}
