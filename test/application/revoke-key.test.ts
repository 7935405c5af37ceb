import { beforeAll, describe, expect, it } from 'vitest';
import { type Core, makeCore, POLICY } from '../support/core.js';
import { expectDomainError } from '../support/fixtures.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';

let pool: RsaKeyPool;
beforeAll(async () => {
  pool = await RsaKeyPool.generate(4);
});

/** A core one rotation into its life: key 1 active (signing), key 2 the expired key, key 3 pending. */
async function withPendingKey(): Promise<Core> {
  const core = makeCore({ signer: pool.signer({ cycle: true }) });
  await core.rotate.execute();
  core.clock.advance(POLICY.keyTtl - POLICY.rotationLead + 1);
  expect((await core.rotate.execute()).newKid).toBe('3');
  return core;
}

const states = async (core: Core) =>
  Object.fromEntries((await core.list.execute()).map((k) => [k.kid, `${k.state}${k.signing ? '*' : ''}`]));

describe('ListKeys', () => {
  it('shows each key’s state, the signing one, and when it was made, signs and expires', async () => {
    const core = await withPendingKey();
    expect(await states(core)).toEqual({ 1: 'active*', 2: 'retired', 3: 'pending' });
    const [, , pending] = await core.list.execute();
    expect(pending).toMatchObject({
      createdAt: core.now(),
      signsFrom: core.now() + POLICY.prepublish + 1,
      expiresAt: core.now() + POLICY.keyTtl,
    });
    core.clock.advance(POLICY.prepublish + 1);
    expect(await states(core)).toEqual({ 1: 'active', 2: 'retired', 3: 'active*' });
  });
});

describe('RevokeKey', () => {
  it('revoking the signing key lets the pending key sign at once, and takes it out of the JWKS', async () => {
    const core = await withPendingKey();
    const result = await core.revoke.execute({ kid: '1', reason: 'found in a public repo' });
    expect(result).toEqual({ kid: '1', newlyRevoked: true, wasSigning: true, signingKid: '3' });
    expect(JSON.parse(core.publish.execute().body).keys.map((k: { kid: string }) => k.kid)).toEqual(['3']);
    expect(await states(core)).toEqual({ 1: 'revoked', 2: 'retired', 3: 'active*' });
    const [first] = await core.list.execute();
    expect(first).toMatchObject({ revokedAt: core.now(), revocationReason: 'found in a public repo' });
  });

  it('revoking the signing key with no successor makes a replacement that signs at once', async () => {
    const core = makeCore({ signer: pool.signer({ cycle: true }) });
    await core.rotate.execute();
    core.clock.advance(POLICY.prepublish + 10);
    const result = await core.revoke.execute({ kid: '1' });
    expect(result).toMatchObject({ wasSigning: true, signingKid: '3' });
    expect(core.keys.ring().signingKey(core.now())?.key.kid).toBe('3');
    expect((await core.vault.all()).find((k) => k.kid === '1')?.revoked).toEqual({ at: core.now(), reason: null });
  });

  it('revoking a pending key leaves the signing key alone and a new key is made to take its place', async () => {
    const core = await withPendingKey();
    const result = await core.revoke.execute({ kid: '3' });
    expect(result).toMatchObject({ wasSigning: false, signingKid: '1' });
    expect(await states(core)).toEqual({ 1: 'active*', 2: 'retired', 3: 'revoked', 4: 'pending' });
  });

  it('revoking the expired key makes a new one for ?expired=true', async () => {
    const core = await withPendingKey();
    await core.revoke.execute({ kid: '2' });
    const expired = core.keys.ring().expiredKey(core.now());
    expect(expired?.key.kid).toBe('4');
  });

  it('keeps the first record when revoked twice', async () => {
    const core = await withPendingKey();
    await core.revoke.execute({ kid: '3', reason: 'first' });
    core.clock.advance(5);
    expect(await core.revoke.execute({ kid: '3', reason: 'second' })).toMatchObject({ newlyRevoked: false, wasSigning: false });
    expect((await core.list.execute())[2]).toMatchObject({ revocationReason: 'first', revokedAt: core.now() - 5 });
  });

  it.each([
    ['a kid not stored', '9'],
    ['not a kid at all', 'one'],
  ])('refuses %s with NOT_FOUND, changing nothing', async (_name, kid) => {
    const core = await withPendingKey();
    await expectDomainError(core.revoke.execute({ kid }), 'NOT_FOUND');
    expect(await states(core)).toEqual({ 1: 'active*', 2: 'retired', 3: 'pending' });
  });

  it.each([
    ['too long', 'x'.repeat(501)],
    ['more than one line', 'a\nb'],
  ])('refuses a reason %s', async (_name, reason) => {
    const core = await withPendingKey();
    await expectDomainError(core.revoke.execute({ kid: '1', reason }), 'INVALID_INPUT');
    expect((await core.vault.all()).some((k) => k.revoked)).toBe(false);
  });
});

describe('RotateKeys forced', () => {
  it('makes a pending key now, which signs only after its pre-publication', async () => {
    const core = makeCore({ signer: pool.signer({ cycle: true }) });
    await core.rotate.execute();
    core.clock.advance(POLICY.prepublish + 10);
    const { newKid, created } = await core.rotate.execute({ force: true });
    expect([newKid, created]).toEqual(['3', 1]);
    expect(await states(core)).toEqual({ 1: 'active*', 2: 'retired', 3: 'pending' });
    core.clock.advance(POLICY.prepublish + 1);
    expect(core.keys.ring().signingKey(core.now())?.key.kid).toBe('3');
  });
});
