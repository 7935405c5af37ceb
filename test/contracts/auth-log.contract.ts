import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthLog } from '../../src/domain/ports/auth-log.js';
import type { UserRepo } from '../../src/domain/ports/user-repo.js';
import type { User } from '../../src/domain/user.js';
import { newUser } from '../support/fixtures.js';

/** An {@link AuthLog} with the {@link UserRepo} of the same store (it writes `lastLogin` there). */
export interface AuthLogHarness {
  readonly log: AuthLog;
  readonly users: UserRepo;
  close(): Promise<void>;
}

/** The behaviour every {@link AuthLog} must have; `make` gives a fresh, empty store per test. */
export function authLogContract(name: string, make: () => Promise<AuthLogHarness>): void {
  describe(`AuthLog contract: ${name}`, () => {
    let harness: AuthLogHarness;
    let log: AuthLog;
    let alice: User;
    beforeEach(async () => {
      harness = await make();
      log = harness.log;
      alice = await harness.users.add(newUser({ username: 'alice' }));
    });
    afterEach(() => harness.close());

    it('records an event and lists it for the user', async () => {
      await log.record({ userId: alice.id, ip: '203.0.113.7', at: new Date('2026-05-06T07:08:09Z') });
      const entries = await log.forUser(alice.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toEqual({ id: expect.any(Number), userId: alice.id, ip: '203.0.113.7', at: new Date('2026-05-06T07:08:09Z') });
    });

    it('deletes the entries before a time, to the second, and answers how many; lastLogin stays', async () => {
      for (const time of ['07:00:00', '07:59:59', '08:00:00', '09:00:00']) {
        await log.record({ userId: alice.id, ip: '::1', at: new Date(`2026-05-06T${time}Z`) });
      }
      expect(await log.deleteBefore(new Date('2026-05-06T08:00:00.900Z'))).toBe(2); // 08:00:00 itself is kept
      expect((await log.forUser(alice.id)).map((e) => e.at.toISOString())).toEqual([
        '2026-05-06T08:00:00.000Z',
        '2026-05-06T09:00:00.000Z',
      ]);
      expect(await log.deleteBefore(new Date('2026-05-06T08:00:00Z'))).toBe(0);
      expect((await harness.users.findByUsername('alice'))?.lastLogin).toEqual(new Date('2026-05-06T09:00:00Z'));
    });

    it("sets the user's lastLogin to the event's time", async () => {
      await log.record({ userId: alice.id, ip: '::1', at: new Date('2026-05-06T07:08:09Z') });
      await log.record({ userId: alice.id, ip: '::1', at: new Date('2026-05-06T08:00:00Z') });
      expect((await harness.users.findByUsername('alice'))?.lastLogin).toEqual(new Date('2026-05-06T08:00:00Z'));
    });

    it('lists entries oldest first, in the order recorded', async () => {
      const times = ['2026-01-01T00:00:03Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z'].map((t) => new Date(t));
      for (const [i, at] of times.entries()) await log.record({ userId: alice.id, ip: `10.0.0.${i}`, at });
      const entries = await log.forUser(alice.id);
      expect(entries.map((e) => e.ip)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2']);
      expect(entries.map((e) => e.at)).toEqual(times);
      const ids = entries.map((e) => e.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    });

    it('keeps one row per record, per user', async () => {
      const bob = await harness.users.add(newUser({ username: 'bob' }));
      const event = { userId: alice.id, ip: '2001:db8::1', at: new Date('2026-01-01T00:00:00Z') };
      await log.record(event);
      await log.record(event);
      await log.record({ ...event, userId: bob.id });
      expect(await log.forUser(alice.id)).toHaveLength(2);
      expect((await log.forUser(bob.id)).map((e) => e.userId)).toEqual([bob.id]);
    });

    it('lists nothing for a user who never logged in', async () => {
      expect(await log.forUser(alice.id)).toEqual([]);
    });

    it('keeps timestamps to the second', async () => {
      await log.record({ userId: alice.id, ip: '::1', at: new Date('2026-02-03T04:05:06.789Z') });
      expect((await log.forUser(alice.id))[0]?.at).toEqual(new Date('2026-02-03T04:05:06Z'));
      expect((await harness.users.findByUsername('alice'))?.lastLogin).toEqual(new Date('2026-02-03T04:05:06Z'));
    });

    it("pages every user's entries in (time, id) order, from `since`, for one user, after a position", async () => {
      const bob = await harness.users.add(newUser({ username: 'bob' }));
      const times = ['00:00:03', '00:00:01', '00:00:02', '00:00:02'].map((t) => new Date(`2026-01-01T${t}Z`));
      for (const [i, at] of times.entries()) await log.record({ userId: i % 2 ? bob.id : alice.id, ip: `10.0.0.${i}`, at });
      const all = await log.page({ limit: 10 });
      expect(all.map((e) => e.ip)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.0']);
      expect(all.map((e) => e.userId)).toEqual([bob.id, alice.id, bob.id, alice.id]);
      expect((await log.page({ limit: 10, since: times[2] })).map((e) => e.ip)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.0']);
      expect((await log.page({ limit: 10, userId: alice.id })).map((e) => e.ip)).toEqual(['10.0.0.2', '10.0.0.0']);
      const first = await log.page({ limit: 3 });
      expect([...first, ...(await log.page({ limit: 3, after: { at: first[2]!.at, id: first[2]!.id } }))]).toEqual(all);
    });
  });
}
