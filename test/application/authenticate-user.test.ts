import { describe, expect, it, vi } from 'vitest';
import { Argon2PasswordHasher } from '../../src/adapters/crypto/argon2-password-hasher.js';
import { FixedClock } from '../../src/adapters/memory/fixed-clock.js';
import { MemoryAuthFailureLog } from '../../src/adapters/memory/memory-auth-failure-log.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { MemoryUserRepo } from '../../src/adapters/memory/memory-user-repo.js';
import { MemoryUserStatus } from '../../src/adapters/memory/memory-user-status.js';
import { memoryCounters } from '../../src/adapters/ratelimit/counter-stores.js';
import { FlexibleLoginThrottle } from '../../src/adapters/ratelimit/flexible-login-throttle.js';
import { AuthenticateUser } from '../../src/application/authenticate-user.js';
import { RegisterUser } from '../../src/application/register-user.js';
import { LoginDefencePolicy } from '../../src/domain/login-defence.js';
import type { PasswordHasher } from '../../src/domain/ports/password-hasher.js';
import { FastPasswordHasher } from '../support/fast-password-hasher.js';
import { expectDomainError } from '../support/fixtures.js';

const IP = '203.0.113.7';

/** The use-case on memory adapters, with alice registered; the defence is 2 free failures per pair, 4 per account per minute. */
async function setup(hasher: PasswordHasher = new FastPasswordHasher()) {
  const store = new MemoryStore();
  const users = new MemoryUserRepo(store);
  const failures = new MemoryAuthFailureLog(store);
  const status = new MemoryUserStatus(store);
  const clock = new FixedClock();
  const throttle = new FlexibleLoginThrottle(new LoginDefencePolicy(2, 60, 600, 3600, 4, 60, 3600), memoryCounters(), 'test');
  const pacer = { start: vi.fn(() => ({ failed: vi.fn(async () => undefined) })) };
  const auth = new AuthenticateUser({ users, hasher, clock, throttle, failures, status, pacer });
  const { password, userId } = await new RegisterUser({ users, hasher, clock }).execute({ username: 'alice' });
  return { store, users, failures, status, clock, auth, pacer, password, userId, hasher };
}

describe('AuthenticateUser: failures', () => {
  it('records a wrong password with the user id, an unknown name with none, and neither password nor unknown name', async () => {
    const s = await setup();
    await expectDomainError(s.auth.execute({ username: 'alice', password: 'guess-one', ip: IP }), 'BAD_CREDENTIALS');
    await expectDomainError(s.auth.execute({ username: 'mallory', password: 'guess-two', ip: IP }), 'BAD_CREDENTIALS');
    await expectDomainError(s.auth.execute({ username: 'a b c', password: 'guess-three', ip: IP }), 'BAD_CREDENTIALS');
    const rows = await s.failures.page({ limit: 10 });
    expect(rows.map(({ userId, reason, ip }) => ({ userId, reason, ip }))).toEqual([
      { userId: s.userId, reason: 'bad_credentials', ip: IP },
      { userId: null, reason: 'bad_credentials', ip: IP },
      { userId: null, reason: 'bad_credentials', ip: IP },
    ]);
    const text = JSON.stringify(rows);
    for (const secret of ['guess-one', 'guess-two', 'guess-three', 'mallory', 'a b c']) expect(text).not.toContain(secret);
  });

  it('checks an unknown user against the hasher’s decoy, made once, hashing nothing', async () => {
    const s = await setup();
    const hash = vi.spyOn(s.hasher, 'hash');
    const verify = vi.spyOn(s.hasher, 'verify');
    const decoy = vi.spyOn(s.hasher as Required<PasswordHasher>, 'decoyHash');
    await s.auth.warmUp();
    expect([decoy.mock.calls.length, hash.mock.calls.length, verify.mock.calls.length]).toEqual([1, 0, 0]);
    for (const name of ['mallory', 'trent']) {
      await expectDomainError(s.auth.execute({ username: name, password: 'guess', ip: IP }), 'BAD_CREDENTIALS');
    }
    expect([decoy.mock.calls.length, hash.mock.calls.length, verify.mock.calls.length]).toEqual([1, 0, 2]);
    expect(verify.mock.calls.map((call) => call[0])).toEqual([decoy.mock.results[0]?.value, decoy.mock.results[0]?.value]);
  });

  it('with a hasher that has no decoy, warms up by hashing a random password once, and verifies nothing', async () => {
    const inner = new FastPasswordHasher();
    const plain: PasswordHasher = {
      hash: (password) => inner.hash(password),
      verify: (hash, password) => inner.verify(hash, password),
      needsRehash: (hash) => inner.needsRehash(hash),
    };
    const s = await setup(plain);
    const hash = vi.spyOn(plain, 'hash');
    const verify = vi.spyOn(plain, 'verify');
    await s.auth.warmUp();
    expect([hash.mock.calls.length, verify.mock.calls.length]).toEqual([1, 0]);
    await expectDomainError(s.auth.execute({ username: 'mallory', password: 'guess', ip: IP }), 'BAD_CREDENTIALS');
    expect([hash.mock.calls.length, verify.mock.calls.length]).toEqual([1, 1]);
    expect(verify.mock.calls[0]?.[0]).toBe(await hash.mock.results[0]?.value);
  });

  it('paces every failure and no success', async () => {
    const s = await setup();
    await expectDomainError(s.auth.execute({ username: 'mallory', password: 'x', ip: IP }), 'BAD_CREDENTIALS');
    await s.auth.execute({ username: 'alice', password: s.password, ip: IP });
    const attempts = s.pacer.start.mock.results.map((r) => r.value as { failed: ReturnType<typeof vi.fn> });
    expect(attempts.map((a) => a.failed.mock.calls.length)).toEqual([1, 0]);
  });

  it('fails a disabled account exactly like a wrong password, audited as disabled; enabled again, it logs in', async () => {
    const s = await setup();
    await s.status.setDisabled(s.userId, s.clock.now());
    const disabled = await expectDomainError(s.auth.execute({ username: 'alice', password: s.password, ip: IP }), 'BAD_CREDENTIALS');
    const wrong = await expectDomainError(s.auth.execute({ username: 'alice', password: 'nope', ip: '198.51.100.2' }), 'BAD_CREDENTIALS');
    expect(disabled.message).toBe(wrong.message);
    expect((await s.failures.page({ limit: 10 })).map((r) => r.reason)).toEqual(['disabled', 'bad_credentials']);
    await s.status.setDisabled(s.userId, null);
    expect((await s.auth.execute({ username: 'alice', password: s.password, ip: IP })).id).toBe(s.userId);
  });

  it('refuses with RATE_LIMITED after the free failures, audited as blocked, alike for a known and an unknown name', async () => {
    const s = await setup();
    for (const username of ['alice', 'mallory']) {
      for (let i = 0; i < 2; i++) await expectDomainError(s.auth.execute({ username, password: 'wrong', ip: IP }), 'BAD_CREDENTIALS');
      const refused = await expectDomainError(s.auth.execute({ username, password: 'wrong', ip: IP }), 'RATE_LIMITED');
      expect(refused.retryAfterSeconds).toBe(60);
    }
    const rows = await s.failures.page({ limit: 10 });
    expect(rows.map((r) => [r.userId, r.reason])).toEqual([
      [s.userId, 'bad_credentials'],
      [s.userId, 'bad_credentials'],
      [s.userId, 'blocked'],
      [null, 'bad_credentials'],
      [null, 'bad_credentials'],
      [null, 'blocked'],
    ]);
  });

  it('slows a name down after failures from many clients (throttled), without checking the password', async () => {
    const s = await setup();
    for (let i = 1; i <= 4; i++)
      await expectDomainError(s.auth.execute({ username: 'alice', password: 'w', ip: `10.0.0.${i}` }), 'BAD_CREDENTIALS');
    const verify = vi.spyOn(s.hasher, 'verify');
    await expectDomainError(s.auth.execute({ username: 'alice', password: s.password, ip: '10.0.0.99' }), 'RATE_LIMITED');
    expect(verify).not.toHaveBeenCalled();
    expect((await s.failures.page({ limit: 10 })).at(-1)).toMatchObject({ userId: s.userId, reason: 'throttled', ip: '10.0.0.99' });
  });

  it('does not count successes: 20 logins in a row pass', async () => {
    const s = await setup();
    for (let i = 0; i < 20; i++) await s.auth.execute({ username: 'alice', password: s.password, ip: IP });
  });
});

describe('AuthenticateUser: hashes follow the configuration', () => {
  const cheap = new Argon2PasswordHasher({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const current = new Argon2PasswordHasher({ memoryCost: 19_456, timeCost: 3, parallelism: 1 });

  async function withOldHash() {
    const s = await setup(current);
    const old = await cheap.hash(s.password);
    await s.users.updatePasswordHash(s.userId, old);
    return { ...s, old };
  }

  it('upgrades an outdated hash on a successful login, once', async () => {
    const s = await withOldHash();
    const replace = vi.spyOn(s.users, 'replacePasswordHash');
    await s.auth.execute({ username: 'alice', password: s.password, ip: IP });
    await s.auth.execute({ username: 'alice', password: s.password, ip: IP });
    expect(replace).toHaveBeenCalledTimes(1);
    const upgraded = (await s.users.findById(s.userId))!.passwordHash;
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=3,p=1\$/);
    expect(await current.verify(upgraded, s.password)).toBe(true);
  });

  it('never rehashes on a failed login', async () => {
    const s = await withOldHash();
    await expectDomainError(s.auth.execute({ username: 'alice', password: 'wrong', ip: IP }), 'BAD_CREDENTIALS');
    await s.status.setDisabled(s.userId, s.clock.now());
    await expectDomainError(s.auth.execute({ username: 'alice', password: s.password, ip: '10.9.9.9' }), 'BAD_CREDENTIALS');
    expect((await s.users.findById(s.userId))!.passwordHash).toBe(s.old);
  });

  it('lets a reset that lands during the login win over the upgrade', async () => {
    const s = await withOldHash();
    const hash = s.hasher.hash.bind(s.hasher);
    vi.spyOn(s.hasher, 'hash').mockImplementationOnce(async (password) => {
      await s.users.updatePasswordHash(s.userId, 'reset-by-operator'); // the reset lands while the upgrade is being computed
      return hash(password);
    });
    await s.auth.execute({ username: 'alice', password: s.password, ip: IP });
    expect((await s.users.findById(s.userId))!.passwordHash).toBe('reset-by-operator');
  });
});
