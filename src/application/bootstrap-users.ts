import { isDomainError } from '../domain/errors.js';
import type { Clock } from '../domain/ports/clock.js';
import type { PasswordHasher } from '../domain/ports/password-hasher.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import { truncateToSecond } from '../domain/time.js';
import { parseUsername } from '../domain/user.js';

export interface BootstrapCredential {
  readonly username: string;
  readonly password: string;
}

/**
 * Makes sure configured users exist with the configured passwords (hashed like any other):
 * creates missing ones, re-hashes changed ones, leaves matching ones alone. Safe to run from
 * several instances at once.
 */
export class BootstrapUsers {
  constructor(private readonly deps: { users: UserRepo; hasher: PasswordHasher; clock: Clock }) {}

  async execute(credentials: readonly BootstrapCredential[]): Promise<void> {
    for (const credential of credentials) await this.ensure(parseUsername(credential.username), credential.password);
  }

  private async ensure(username: string, password: string): Promise<void> {
    const { users, hasher, clock } = this.deps;
    const existing = await users.findByUsername(username);
    if (existing) {
      // a changed password, or one hashed under other settings than the configured ones
      if (hasher.needsRehash(existing.passwordHash) || !(await hasher.verify(existing.passwordHash, password))) {
        await users.updatePasswordHash(existing.id, await hasher.hash(password));
      }
      return;
    }
    try {
      await users.add({ username, email: null, passwordHash: await hasher.hash(password), registeredAt: truncateToSecond(clock.now()) });
    } catch (err) {
      if (!isDomainError(err, 'USERNAME_TAKEN')) throw err;
      await this.ensure(username, password); // another instance created it first
    }
  }
}
