import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthFailureLog } from '../../src/domain/ports/auth-failure-log.js';
import type { UserRepo } from '../../src/domain/ports/user-repo.js';
import type { User } from '../../src/domain/user.js';
import { newUser } from '../support/fixtures.js';

/** An {@link AuthFailureLog} with the {@link UserRepo} of the same store (failures name users by id). */
export interface AuthFailureLogHarness {
  readonly failures: AuthFailureLog;
  readonly users: UserRepo;
  close(): Promise<void>;
}

const at = (time: string) => new Date(`2026-05-06T${time}Z`);

/** The behaviour every {@link AuthFailureLog} must have; `make` gives a fresh, empty store per test. */
export function authFailureLogContract(name: string, make: () => Promise<AuthFailureLogHarness>): void {
  describe(`AuthFailureLog contract: ${name}`, () => {
    let harness: AuthFailureLogHarness;
    let log: AuthFailureLog;
    let alice: User;
    beforeEach(async () => {
      harness = await make();
      log = harness.failures;
      alice = await harness.users.add(newUser({ username: 'alice' }));
    });
    afterEach(() => harness.close());

    it('records a failure with its reason, and a failure that names no user', async () => {
      await log.record({ ip: '203.0.113.7', at: at('07:08:09'), userId: alice.id, reason: 'bad_credentials' });
      await log.record({ ip: '2001:db8::1', at: at('07:08:10'), userId: null, reason: 'throttled' });
      expect(await log.page({ limit: 10 })).toEqual([
        { id: expect.any(Number), ip: '203.0.113.7', at: at('07:08:09'), userId: alice.id, reason: 'bad_credentials' },
        { id: expect.any(Number), ip: '2001:db8::1', at: at('07:08:10'), userId: null, reason: 'throttled' },
      ]);
    });

    it('deletes the failures before a time, to the second, and answers how many', async () => {
      for (const time of ['07:00:00', '07:59:59', '08:00:00'])
        await log.record({ ip: '::1', at: at(time), userId: null, reason: 'blocked' });
      expect(await log.deleteBefore(new Date('2026-05-06T08:00:00.500Z'))).toBe(2);
      expect((await log.page({ limit: 10 })).map((e) => e.at)).toEqual([at('08:00:00')]);
    });

    it('keeps every reason code and timestamps to the second', async () => {
      const reasons = ['bad_credentials', 'disabled', 'blocked', 'throttled'] as const;
      for (const reason of reasons) await log.record({ ip: '::1', at: new Date('2026-02-03T04:05:06.789Z'), userId: alice.id, reason });
      const page = await log.page({ limit: 10 });
      expect(page.map((e) => e.reason)).toEqual(reasons);
      for (const e of page) expect(e.at).toEqual(new Date('2026-02-03T04:05:06Z'));
    });

    it('pages in (time, id) order, from `since`, for one user, after a position', async () => {
      const bob = await harness.users.add(newUser({ username: 'bob' }));
      const times = ['00:00:03', '00:00:01', '00:00:02', '00:00:02'];
      for (const [i, time] of times.entries()) {
        await log.record({ ip: `10.0.0.${i}`, at: at(time), userId: i % 2 ? bob.id : alice.id, reason: 'bad_credentials' });
      }
      const all = await log.page({ limit: 10 });
      expect(all.map((e) => e.ip)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.0']);
      expect((await log.page({ limit: 10, since: at('00:00:02') })).map((e) => e.ip)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.0']);
      expect((await log.page({ limit: 10, userId: bob.id })).map((e) => e.ip)).toEqual(['10.0.0.1', '10.0.0.3']);
      const first = await log.page({ limit: 2 });
      const rest = await log.page({ limit: 2, after: { at: first[1]!.at, id: first[1]!.id } });
      expect([...first, ...rest]).toEqual(all);
    });

    it('reads nothing from an empty trail', async () => {
      expect(await log.page({ limit: 10 })).toEqual([]);
    });
  });
}
