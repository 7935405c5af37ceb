import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserRepo } from '../../src/domain/ports/user-repo.js';
import type { UserStatus } from '../../src/domain/ports/user-status.js';
import type { User } from '../../src/domain/user.js';
import { newUser } from '../support/fixtures.js';

export interface UserStatusHarness {
  readonly status: UserStatus;
  readonly users: UserRepo;
  close(): Promise<void>;
}

/** The behaviour every {@link UserStatus} must have; `make` gives a fresh, empty store per test. */
export function userStatusContract(name: string, make: () => Promise<UserStatusHarness>): void {
  describe(`UserStatus contract: ${name}`, () => {
    let harness: UserStatusHarness;
    let status: UserStatus;
    let alice: User;
    let bob: User;
    beforeEach(async () => {
      harness = await make();
      status = harness.status;
      alice = await harness.users.add(newUser({ username: 'alice' }));
      bob = await harness.users.add(newUser({ username: 'bob' }));
    });
    afterEach(() => harness.close());

    it('starts with every user enabled', async () => {
      expect(await status.disabledAt(alice.id)).toBeNull();
      expect(await status.disabledAt(0)).toBeNull(); // no such user: enabled, not an error
      expect(await status.allDisabled()).toEqual(new Map());
    });

    it('disables one user, to the second, and reports the change once', async () => {
      expect(await status.setDisabled(alice.id, new Date('2026-04-05T06:07:08.999Z'))).toBe(true);
      expect(await status.setDisabled(alice.id, new Date('2026-04-06T00:00:00Z'))).toBe(false);
      expect(await status.disabledAt(alice.id)).toEqual(new Date('2026-04-05T06:07:08Z'));
      expect(await status.disabledAt(bob.id)).toBeNull();
      expect(await status.allDisabled()).toEqual(new Map([[alice.id, new Date('2026-04-05T06:07:08Z')]]));
    });

    it('enables again, and reports the change once', async () => {
      await status.setDisabled(alice.id, new Date('2026-04-05T06:07:08Z'));
      expect(await status.setDisabled(alice.id, null)).toBe(true);
      expect(await status.setDisabled(alice.id, null)).toBe(false);
      expect(await status.disabledAt(alice.id)).toBeNull();
    });
  });
}
