import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserRepo } from '../../src/domain/ports/user-repo.js';
import { truncateToSecond } from '../../src/domain/time.js';
import { expectDomainError, newUser } from '../support/fixtures.js';

export interface UserRepoHarness {
  readonly repo: UserRepo;
  close(): Promise<void>;
}

/** The behaviour every {@link UserRepo} must have; `make` gives a fresh, empty one per test. */
export function userRepoContract(name: string, make: () => Promise<UserRepoHarness>): void {
  describe(`UserRepo contract: ${name}`, () => {
    let harness: UserRepoHarness;
    let repo: UserRepo;
    beforeEach(async () => {
      harness = await make();
      repo = harness.repo;
    });
    afterEach(() => harness.close());

    it('adds a user and finds it by username', async () => {
      const input = newUser();
      const added = await repo.add(input);
      expect(Number.isInteger(added.id) && added.id > 0).toBe(true);
      const expected = { ...input, id: added.id, registeredAt: truncateToSecond(input.registeredAt), lastLogin: null };
      expect(added).toEqual(expected);
      expect(await repo.findByUsername(input.username)).toEqual(expected);
    });

    it('finds nobody by an unknown username', async () => {
      await repo.add(newUser({ username: 'alice' }));
      expect(await repo.findByUsername('bob')).toBeNull();
    });

    it('gives distinct ids', async () => {
      const a = await repo.add(newUser());
      const b = await repo.add(newUser());
      expect(a.id).not.toBe(b.id);
    });

    it('refuses a taken username with USERNAME_TAKEN and keeps the first', async () => {
      const first = await repo.add(newUser({ username: 'alice' }));
      await expectDomainError(repo.add(newUser({ username: 'alice' })), 'USERNAME_TAKEN');
      expect(await repo.findByUsername('alice')).toEqual(first);
    });

    it('refuses a taken email with EMAIL_TAKEN', async () => {
      await repo.add(newUser({ email: 'same@example.com' }));
      await expectDomainError(repo.add(newUser({ email: 'same@example.com' })), 'EMAIL_TAKEN');
    });

    it('allows several users without an email', async () => {
      const a = await repo.add(newUser({ email: null }));
      const b = await repo.add(newUser({ email: null }));
      expect((await repo.findByUsername(a.username))?.email).toBeNull();
      expect((await repo.findByUsername(b.username))?.email).toBeNull();
    });

    it('treats usernames case-sensitively', async () => {
      await repo.add(newUser({ username: 'Alice' }));
      const lower = await repo.add(newUser({ username: 'alice' }));
      expect(await repo.findByUsername('alice')).toEqual(lower);
      expect(await repo.findByUsername('ALICE')).toBeNull();
    });

    it('lets exactly one of 20 concurrent adds of one username succeed', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => repo.add(newUser({ username: 'racer', email: `racer${i}@example.com` }))),
      );
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      for (const r of rejected) expect(r.reason).toMatchObject({ code: 'USERNAME_TAKEN' });
    });

    it('stores all of 20 concurrent adds of distinct users', async () => {
      const inputs = Array.from({ length: 20 }, () => newUser());
      const added = await Promise.all(inputs.map((u) => repo.add(u)));
      expect(new Set(added.map((u) => u.id)).size).toBe(20);
      for (const u of inputs) expect((await repo.findByUsername(u.username))?.email).toBe(u.email);
    });

    it('keeps registeredAt to the second', async () => {
      const input = newUser({ registeredAt: new Date('2030-12-31T23:59:59.999Z') });
      await repo.add(input);
      expect((await repo.findByUsername(input.username))?.registeredAt).toEqual(new Date('2030-12-31T23:59:59Z'));
    });

    it('replaces a password hash and touches nobody else', async () => {
      const a = await repo.add(newUser());
      const b = await repo.add(newUser());
      await repo.updatePasswordHash(a.id, '$argon2id$new');
      expect((await repo.findByUsername(a.username))?.passwordHash).toBe('$argon2id$new');
      expect(await repo.findByUsername(b.username)).toEqual(b);
    });

    it('finds a user by id, and nobody by an unknown id', async () => {
      const a = await repo.add(newUser());
      expect(await repo.findById(a.id)).toEqual(a);
      expect(await repo.findById(a.id + 1000)).toBeNull();
    });

    it('lists users in id order, a page at a time', async () => {
      const added = [];
      for (let i = 0; i < 5; i++) added.push(await repo.add(newUser()));
      const first = await repo.list(0, 3);
      expect(first).toEqual(added.slice(0, 3));
      expect(await repo.list(first[2]!.id, 3)).toEqual(added.slice(3));
      expect(await repo.list(added[4]!.id, 3)).toEqual([]);
    });

    it('replaces a hash only when it still is the expected one (compare-and-set)', async () => {
      const a = await repo.add(newUser({ passwordHash: '$argon2id$old' }));
      expect(await repo.replacePasswordHash(a.id, '$argon2id$stale', '$argon2id$upgrade')).toBe(false);
      expect((await repo.findById(a.id))?.passwordHash).toBe('$argon2id$old');
      expect(await repo.replacePasswordHash(a.id, '$argon2id$old', '$argon2id$upgrade')).toBe(true);
      expect((await repo.findById(a.id))?.passwordHash).toBe('$argon2id$upgrade');
    });

    it('lets a reset win over an upgrade computed from the hash it replaced', async () => {
      const a = await repo.add(newUser({ passwordHash: '$argon2id$old' }));
      await repo.updatePasswordHash(a.id, '$argon2id$reset');
      expect(await repo.replacePasswordHash(a.id, '$argon2id$old', '$argon2id$upgrade')).toBe(false);
      expect((await repo.findById(a.id))?.passwordHash).toBe('$argon2id$reset');
    });
  });
}
