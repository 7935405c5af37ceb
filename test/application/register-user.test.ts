import { describe, expect, it, vi } from 'vitest';
import { Argon2PasswordHasher } from '../../src/adapters/crypto/argon2-password-hasher.js';
import { JoseTokenSigner } from '../../src/adapters/crypto/jose-token-signer.js';
import { USERNAME_MAX_LENGTH } from '../../src/domain/user.js';
import { makeCore } from '../support/core.js';
import { expectDomainError } from '../support/fixtures.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Registration never touches signing keys: the signer is never asked to generate one.
const fresh = (hasher?: Argon2PasswordHasher) => makeCore({ signer: new JoseTokenSigner(), ...(hasher ? { hasher } : {}) });

describe('RegisterUser: a new user', () => {
  it('gets a random UUIDv4 password, different every time', async () => {
    const core = fresh();

    const first = await core.register.execute({ username: 'alice' });
    const second = await core.register.execute({ username: 'bob' });

    expect(first.password).toMatch(UUID_V4);
    expect(second.password).toMatch(UUID_V4);
    expect(second.password).not.toBe(first.password);
  });

  it('is stored with a hash of that password, never the password itself', async () => {
    const core = fresh();

    const { password, userId } = await core.register.execute({ username: 'alice', email: 'alice@example.com' });

    const stored = await core.users.findByUsername('alice');
    expect(stored).toMatchObject({ id: userId, username: 'alice', email: 'alice@example.com', lastLogin: null });
    expect(stored?.registeredAt).toEqual(core.clock.now());
    expect(stored?.passwordHash).not.toContain(password);
    expect(await core.hasher.verify(stored?.passwordHash ?? '', password)).toBe(true);
    expect(await core.hasher.verify(stored?.passwordHash ?? '', `${password}x`)).toBe(false);
  });

  it('is stored with an Argon2id hash when the real hasher is used', async () => {
    const core = fresh(new Argon2PasswordHasher());

    const { password } = await core.register.execute({ username: 'alice' });

    const hash = (await core.users.findByUsername('alice'))?.passwordHash ?? '';
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await core.hasher.verify(hash, password)).toBe(true);
  });

  it('has its username trimmed', async () => {
    const core = fresh();

    const registration = await core.register.execute({ username: '  alice \n' });

    expect(registration.username).toBe('alice');
    expect(await core.users.findByUsername('alice')).not.toBeNull();
  });

  it('may omit the e-mail address (stored as null)', async () => {
    const core = fresh();

    await core.register.execute({ username: 'alice' });
    await core.register.execute({ username: 'bob', email: '   ' });

    expect((await core.users.findByUsername('alice'))?.email).toBeNull();
    expect((await core.users.findByUsername('bob'))?.email).toBeNull();
  });

  it('may have a username of exactly the maximum length', async () => {
    const core = fresh();

    const { username } = await core.register.execute({ username: 'a'.repeat(USERNAME_MAX_LENGTH) });

    expect(username).toHaveLength(64);
  });
});

describe('RegisterUser: duplicates', () => {
  it('refuses a taken username with USERNAME_TAKEN', async () => {
    const core = fresh();
    await core.register.execute({ username: 'alice' });

    await expectDomainError(core.register.execute({ username: ' alice' }), 'USERNAME_TAKEN');
  });

  it('refuses a taken e-mail address, whatever its case, with EMAIL_TAKEN', async () => {
    const core = fresh();
    await core.register.execute({ username: 'alice', email: 'Alice@Example.com' });

    await expectDomainError(core.register.execute({ username: 'bob', email: 'ALICE@example.COM' }), 'EMAIL_TAKEN');
    expect(await core.users.findByUsername('bob')).toBeNull();
  });

  it('treats usernames case-sensitively', async () => {
    const core = fresh();
    await core.register.execute({ username: 'alice' });

    await expect(core.register.execute({ username: 'Alice' })).resolves.toMatchObject({ username: 'Alice' });
  });
});

describe('RegisterUser: invalid input', () => {
  it.each([
    ['an empty username', ''],
    ['a white-space username', ' \t '],
    ['a username one character too long', 'a'.repeat(USERNAME_MAX_LENGTH + 1)],
    ['a username with a space', 'alice smith'],
    ['a username with a control character', 'alice\u0007'],
    ['a username with a NUL', 'al\u0000ice'],
    ['a numeric username', 42],
    ['a missing username', undefined],
  ])('refuses %s with INVALID_INPUT and stores nothing', async (_name, username) => {
    const core = fresh();
    const hash = vi.spyOn(core.hasher, 'hash');

    await expectDomainError(core.register.execute({ username }), 'INVALID_INPUT');

    expect(core.store.users.size).toBe(0);
    expect(hash).not.toHaveBeenCalled();
  });

  it.each([['not-an-email'], ['alice@localhost'], ['a b@example.com'], ['alice@@example.com'], [42]])(
    'refuses the e-mail address %j with INVALID_INPUT',
    async (email) => {
      const core = fresh();

      await expectDomainError(core.register.execute({ username: 'alice', email }), 'INVALID_INPUT');

      expect(core.store.users.size).toBe(0);
    },
  );
});
