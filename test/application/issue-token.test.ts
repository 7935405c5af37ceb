import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, importJWK, type JSONWebKeySet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD_MAX_LENGTH } from '../../src/domain/password.js';
import { KeyRing } from '../../src/domain/key-ring.js';
import { type Core, ISSUER, makeCore, POLICY } from '../support/core.js';
import { expectDomainError } from '../support/fixtures.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IP = '203.0.113.7';

let pool: RsaKeyPool;
beforeAll(async () => {
  pool = await RsaKeyPool.generate(2);
});

/** A core with keys loaded and one registered user, alice. */
async function ready(options: { audience?: string } = {}) {
  const core = makeCore({ signer: pool.signer(), ...options });
  await core.rotate.execute();
  const { password, userId } = await core.register.execute({ username: 'alice' });
  return { core, password, userId };
}

function jwksOf(core: Core) {
  return createLocalJWKSet(JSON.parse(core.publish.execute().body) as JSONWebKeySet);
}

describe('IssueToken: a successful login', () => {
  it('returns an RS256 JWT whose header has a string kid and typ JWT', async () => {
    const { core, password } = await ready();

    const issued = await core.issue.execute({ username: 'alice', password, ip: IP });

    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'RS256', kid: issued.kid, typ: 'JWT' });
    expect(issued.kid).toEqual(expect.any(String));
    expect(issued.kid).toBe(core.keys.ring().signingKey(core.now())?.key.kid);
  });

  it('verifies against the JWKS and carries iss, sub, iat, exp, jti and username, and no aud', async () => {
    const { core, password, userId } = await ready();
    const now = core.now();

    const issued = await core.issue.execute({ username: 'alice', password, ip: IP });

    const { payload } = await jwtVerify(issued.token, jwksOf(core), { issuer: ISSUER, currentDate: core.clock.now() });
    expect(payload).toEqual({
      iss: ISSUER,
      sub: String(userId),
      iat: now,
      exp: now + POLICY.tokenTtl,
      jti: expect.stringMatching(UUID),
      username: 'alice',
    });
    expect(issued).toMatchObject({ expiresAt: now + POLICY.tokenTtl, userId });
  });

  it('sets aud when an audience is configured', async () => {
    const { core, password } = await ready({ audience: 'https://api.test' });

    const { token } = await core.issue.execute({ username: 'alice', password, ip: IP });

    const { payload } = await jwtVerify(token, jwksOf(core), { audience: 'https://api.test', currentDate: core.clock.now() });
    expect(payload.aud).toBe('https://api.test');
  });

  it('gives every token its own jti', async () => {
    const { core, password } = await ready();

    const tokens = await Promise.all([1, 2, 3].map(() => core.issue.execute({ username: 'alice', password, ip: IP })));

    expect(new Set(tokens.map(({ token }) => decodeJwt(token).jti)).size).toBe(3);
  });

  it('produces a signature that breaks when the payload is altered', async () => {
    const { core, password } = await ready();
    const { token } = await core.issue.execute({ username: 'alice', password, ip: IP });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: '999' })).toString('base64url');

    await expect(jwtVerify(`${header}.${forged}.${signature}`, jwksOf(core), { currentDate: core.clock.now() })).rejects.toThrow(
      errors.JWSSignatureVerificationFailed,
    );
  });

  it('records exactly one auth log entry with the given ip and sets lastLogin', async () => {
    const { core, password, userId } = await ready();
    core.clock.advance(90);

    await core.issue.execute({ username: 'alice', password, ip: IP });

    expect(await core.authLog.forUser(userId)).toEqual([{ id: expect.any(Number), userId, ip: IP, at: core.clock.now() }]);
    expect((await core.users.findByUsername('alice'))?.lastLogin).toEqual(core.clock.now());
  });

  it('finds the user when the username has surrounding white space', async () => {
    const { core, password, userId } = await ready();

    const issued = await core.issue.execute({ username: '  alice\t', password, ip: IP });

    expect(issued.userId).toBe(userId);
  });
});

describe('IssueToken with expired: true', () => {
  it('signs with the expired key: exp in the past, kid not in the JWKS', async () => {
    const { core, password } = await ready();
    const expiredKey = core.keys.ring().expiredKey(core.now());

    const issued = await core.issue.execute({ username: 'alice', password, ip: IP, expired: true });

    const payload = decodeJwt(issued.token);
    expect(payload.exp).toBeLessThan(core.now());
    expect(payload.iat).toBeLessThanOrEqual(payload.exp ?? Number.NaN);
    expect(issued.kid).toBe(expiredKey?.key.kid);
    expect(JSON.parse(core.publish.execute().body).keys.map((k: { kid: string }) => k.kid)).not.toContain(issued.kid);
    await expect(jwtVerify(issued.token, jwksOf(core), { currentDate: core.clock.now() })).rejects.toThrow(errors.JWKSNoMatchingKey);
  });

  it('is correctly signed, so a verifier holding the key rejects it only as expired', async () => {
    const { core, password } = await ready();
    const jwk = core.keys.ring().expiredKey(core.now())?.jwk;

    const { token } = await core.issue.execute({ username: 'alice', password, ip: IP, expired: true });

    const key = await importJWK({ ...jwk }, 'RS256');
    await expect(jwtVerify(token, key, { currentDate: core.clock.now() })).rejects.toThrow(errors.JWTExpired);
  });

  it('fails with NO_SIGNING_KEY when no expired key is held', async () => {
    const { core, password } = await ready();
    core.keys.replace(new KeyRing(core.keys.ring().published(core.now()), POLICY));

    await expectDomainError(core.issue.execute({ username: 'alice', password, ip: IP, expired: true }), 'NO_SIGNING_KEY');
  });
});

describe('IssueToken refusals', () => {
  it('answers a wrong password and an unknown user with the same BAD_CREDENTIALS error', async () => {
    const { core, password } = await ready();

    const wrong = await expectDomainError(core.issue.execute({ username: 'alice', password: `${password}x`, ip: IP }), 'BAD_CREDENTIALS');
    const unknown = await expectDomainError(core.issue.execute({ username: 'bob', password, ip: IP }), 'BAD_CREDENTIALS');
    const impossible = await expectDomainError(core.issue.execute({ username: 'no such name', password, ip: IP }), 'BAD_CREDENTIALS');

    expect(unknown.message).toBe(wrong.message);
    expect(impossible.message).toBe(wrong.message);
  });

  it('records nothing for a failed login', async () => {
    const { core, password, userId } = await ready();

    await expectDomainError(core.issue.execute({ username: 'alice', password: 'wrong', ip: IP }), 'BAD_CREDENTIALS');
    await expectDomainError(core.issue.execute({ username: 'bob', password, ip: IP }), 'BAD_CREDENTIALS');

    expect(core.store.authLogs).toEqual([]);
    expect((await core.users.findByUsername('alice'))?.lastLogin).toBeNull();
    expect(await core.authLog.forUser(userId)).toEqual([]);
  });

  it.each([
    ['a numeric username', 42, 'secret'],
    ['a missing password', 'alice', undefined],
    ['null for both', null, null],
    ['an object password', 'alice', { toString: (): string => 'secret' }],
  ])('refuses %s with INVALID_INPUT', async (_name, username, password) => {
    const { core } = await ready();

    await expectDomainError(core.issue.execute({ username, password, ip: IP }), 'INVALID_INPUT');
  });

  it.each([
    ['an empty password', ''],
    ['a password one character over the limit', 'x'.repeat(PASSWORD_MAX_LENGTH + 1)],
  ])('refuses %s with BAD_CREDENTIALS without hashing', async (_name, password) => {
    const { core } = await ready();
    const verify = vi.spyOn(core.hasher, 'verify');

    await expectDomainError(core.issue.execute({ username: 'alice', password, ip: IP }), 'BAD_CREDENTIALS');

    expect(verify).not.toHaveBeenCalled();
  });

  it('checks a password of exactly the maximum length', async () => {
    const { core } = await ready();
    const verify = vi.spyOn(core.hasher, 'verify');

    await expectDomainError(
      core.issue.execute({ username: 'alice', password: 'x'.repeat(PASSWORD_MAX_LENGTH), ip: IP }),
      'BAD_CREDENTIALS',
    );

    expect(verify).toHaveBeenCalledTimes(1);
  });
});

describe('IssueToken without a usable key', () => {
  it('fails with NO_SIGNING_KEY before any key is loaded, and records nothing', async () => {
    const core = makeCore({ signer: pool.signer() });
    const { password } = await core.register.execute({ username: 'alice' });

    await expectDomainError(core.issue.execute({ username: 'alice', password, ip: IP }), 'NO_SIGNING_KEY');

    expect(core.store.authLogs).toEqual([]);
  });

  it('fails with NO_SIGNING_KEY when every held key has expired', async () => {
    const { core, password } = await ready();
    core.clock.advance(POLICY.keyTtl);

    await expectDomainError(core.issue.execute({ username: 'alice', password, ip: IP }), 'NO_SIGNING_KEY');
  });
});
