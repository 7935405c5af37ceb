import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BootstrapUsers } from '../../src/application/bootstrap-users.js';
import { type Core, makeCore } from '../support/core.js';
import { expectDomainError } from '../support/fixtures.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';

let pool: RsaKeyPool;
beforeAll(async () => {
  pool = await RsaKeyPool.generate(2);
});

const fresh = () => makeCore({ signer: pool.signer() });
const hashOf = async (core: Core, username: string) => (await core.users.findByUsername(username))?.passwordHash;

describe('BootstrapUsers', () => {
  it('creates a missing user that can then log in with the configured password', async () => {
    const core = fresh();
    await core.rotate.execute();

    await core.bootstrap.execute([{ username: 'admin', password: 'correct horse' }]);

    const issued = await core.issue.execute({ username: 'admin', password: 'correct horse', ip: '127.0.0.1' });
    expect(issued.userId).toBe((await core.users.findByUsername('admin'))?.id);
  });

  it('creates every configured user, trimming their names like registration does', async () => {
    const core = fresh();

    await core.bootstrap.execute([
      { username: ' admin ', password: 'one' },
      { username: 'ops', password: 'two' },
    ]);

    expect(core.store.users.size).toBe(2);
    expect(await core.users.findByUsername('admin')).not.toBeNull();
  });

  it('leaves a user whose password already matches alone', async () => {
    const core = fresh();
    await core.bootstrap.execute([{ username: 'admin', password: 'correct horse' }]);
    const before = await hashOf(core, 'admin');
    const update = vi.spyOn(core.users, 'updatePasswordHash');

    await core.bootstrap.execute([{ username: 'admin', password: 'correct horse' }]);

    expect(await hashOf(core, 'admin')).toBe(before);
    expect(update).not.toHaveBeenCalled();
  });

  it('re-hashes a user whose configured password changed', async () => {
    const core = fresh();
    await core.rotate.execute();
    await core.bootstrap.execute([{ username: 'admin', password: 'old password' }]);

    await core.bootstrap.execute([{ username: 'admin', password: 'new password' }]);

    const hash = (await hashOf(core, 'admin')) ?? '';
    expect(await core.hasher.verify(hash, 'new password')).toBe(true);
    expect(await core.hasher.verify(hash, 'old password')).toBe(false);
    await expect(core.issue.execute({ username: 'admin', password: 'new password', ip: '127.0.0.1' })).resolves.toBeDefined();
    await expectDomainError(core.issue.execute({ username: 'admin', password: 'old password', ip: '127.0.0.1' }), 'BAD_CREDENTIALS');
  });

  it('does not fail when several instances run it at once, and creates the user once', async () => {
    const core = fresh();
    const add = vi.spyOn(core.users, 'add');
    const instances = [
      core.bootstrap,
      ...[1, 2].map(() => new BootstrapUsers({ users: core.users, hasher: core.hasher, clock: core.clock })),
    ];

    await Promise.all(instances.map((b) => b.execute([{ username: 'admin', password: 'correct horse' }])));

    expect(add).toHaveBeenCalledTimes(3); // all three raced to create it: two lost and fell back
    expect(core.store.users.size).toBe(1);
    expect(await core.hasher.verify((await hashOf(core, 'admin')) ?? '', 'correct horse')).toBe(true);
  });

  it('refuses an invalid configured username with INVALID_INPUT', async () => {
    const core = fresh();

    await expectDomainError(core.bootstrap.execute([{ username: 'not valid', password: 'x' }]), 'INVALID_INPUT');
  });
});
