import { beforeAll, describe, expect, it, vi } from 'vitest';
import { RotateKeys } from '../../src/application/rotate-keys.js';
import { KeyRingHolder } from '../../src/application/key-ring-holder.js';
import { type Core, makeCore, POLICY } from '../support/core.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';
import { HeldKeySigner } from '../support/held-key-signer.js';

let pool: RsaKeyPool;
beforeAll(async () => {
  pool = await RsaKeyPool.generate(6);
});

const fresh = () => makeCore({ signer: pool.signer() });

/** Another server instance: its own in-memory ring, the same vault, clock and signer. */
function otherInstance(core: Core): RotateKeys {
  return new RotateKeys({ vault: core.vault, signer: core.signer, clock: core.clock, policy: POLICY, keys: new KeyRingHolder() });
}

const kidsOf = (keys: readonly { key: { kid: string } }[]) => keys.map((k) => k.key.kid);

/** Seconds after a key's creation at which its remaining life equals the rotation lead exactly. */
const LAST_QUIET_SECOND = POLICY.keyTtl - POLICY.rotationLead;

describe('RotateKeys on an empty vault', () => {
  it('creates exactly one signing key (exp = now + keyTtl) and one already expired key', async () => {
    const core = fresh();
    const now = core.now();

    const { ring, created } = await core.rotate.execute();

    expect(created).toBe(2);
    const stored = await core.vault.all();
    expect(stored.map((k) => k.exp).sort((a, b) => a - b)).toEqual([POLICY.expiredKeyExp(now), now + POLICY.keyTtl]);
    expect(ring.signingKey(now)?.key.exp).toBe(now + POLICY.keyTtl);
    expect(ring.expiredKey(now)?.key.exp).toBe(POLICY.expiredKeyExp(now));
    expect(core.keys.ring()).toBe(ring);
  });

  it('creates nothing when run again', async () => {
    const core = fresh();
    await core.rotate.execute();

    const again = await core.rotate.execute();

    expect(again.created).toBe(0);
    expect(await core.vault.all()).toHaveLength(2);
    expect(core.signer.generated).toBe(2);
  });
});

describe('RotateKeys on an empty vault, the expired key later (a first start)', () => {
  it('returns once the signing key is stored, then stores the expired key when it is made', async () => {
    const signer = new HeldKeySigner(pool.signer(), 1);
    const core = makeCore({ signer });
    const now = core.now();

    const first = await core.rotate.execute({ expiredKeyLater: true });

    expect(first.created).toBe(1);
    expect(first.ring.signingKey(now)?.key.exp).toBe(now + POLICY.keyTtl);
    expect(first.ring.expiredKey(now)).toBeUndefined();
    expect(await core.vault.all()).toHaveLength(1);
    signer.release();
    const rest = await first.expiredKeyStored!;
    expect(rest.created).toBe(1);
    expect(rest.ring.expiredKey(now)?.key.exp).toBe(POLICY.expiredKeyExp(now));
    expect(core.keys.ring()).toBe(rest.ring);
    expect(core.keys.ring().signingKey(now)?.key.kid).toBe(first.signingKid);
    expect(await core.vault.all()).toHaveLength(2);
  });

  it('makes one key at a time: the expired key’s generation starts once the signing key is stored', async () => {
    const inner = pool.signer();
    let inFlight = 0;
    const seen: { inFlight: number; stored: number }[] = [];
    const core = makeCore({
      signer: {
        generateKey: async () => {
          seen.push({ inFlight: ++inFlight, stored: (await core.vault.all()).length });
          try {
            return await inner.generateKey();
          } finally {
            inFlight--;
          }
        },
        publicJwk: (kid, key) => inner.publicJwk(kid, key),
        sign: (claims, kid, key) => inner.sign(claims, kid, key),
      },
    });

    const { expiredKeyStored } = await core.rotate.execute({ expiredKeyLater: true });
    await expiredKeyStored;

    expect(seen).toEqual([
      { inFlight: 1, stored: 0 },
      { inFlight: 1, stored: 1 },
    ]);
    expect(await core.vault.all()).toHaveLength(2);
  });

  it('makes an expired token asked for meanwhile wait for its key, not fail', async () => {
    const signer = new HeldKeySigner(pool.signer(), 1);
    const core = makeCore({ signer });
    const { expiredKeyStored } = await core.rotate.execute({ expiredKeyLater: true });
    const { password } = await core.register.execute({ username: 'alice' });

    const fresh = await core.issue.execute({ username: 'alice', password, ip: '203.0.113.7' });
    let expiredToken: { kid: string } | undefined;
    const asked = core.issue.execute({ username: 'alice', password, ip: '203.0.113.7', expired: true }).then((t) => (expiredToken = t));
    await new Promise((done) => setTimeout(done, 20));
    expect(expiredToken).toBeUndefined();
    signer.release();

    await asked;
    expect(expiredToken!.kid).toBe((await expiredKeyStored!).ring.expiredKey(core.now())?.key.kid);
    expect(expiredToken!.kid).not.toBe(fresh.kid);
  });

  it('when nothing is under way, an absent key fails at once as before', async () => {
    const core = makeCore({ signer: pool.signer() });
    await core.rotate.execute();
    core.clock.advance(2 * POLICY.keyTtl); // every key expired; no rotation has run since
    const { password } = await core.register.execute({ username: 'bob' });
    await expect(core.issue.execute({ username: 'bob', password, ip: '203.0.113.7' })).rejects.toMatchObject({ code: 'NO_SIGNING_KEY' });
    await expect(core.keys.settled()).resolves.toBeUndefined();
  });

  it('stores both keys before returning when the expired key is not deferred (the operator’s rotate)', async () => {
    const core = makeCore({ signer: pool.signer() });
    const result = await core.rotate.execute({ force: true });
    expect(result.created).toBe(2);
    expect(result.expiredKeyStored).toBeUndefined();
  });
});

describe('a login while a first start is still making its signing key', () => {
  /** A core whose first rotation is under way, its signing key held, with alice registered meanwhile. */
  async function generating() {
    const signer = new HeldKeySigner(pool.signer(), 0);
    const core = makeCore({ signer });
    const rotation = core.rotate.execute({ expiredKeyLater: true });
    const { password } = await core.register.execute({ username: 'alice' });
    return { core, signer, rotation, password };
  }

  it('checks the password meanwhile and signs with the new key once it is stored, without waiting for the expired key', async () => {
    const { core, signer, rotation, password } = await generating();
    const verify = vi.spyOn(core.hasher, 'verify');

    let issued: { kid: string } | undefined;
    const login = core.issue.execute({ username: 'alice', password, ip: '203.0.113.7' }).then((t) => (issued = t));
    await new Promise((done) => setTimeout(done, 20));
    expect(verify).toHaveBeenCalledTimes(1);
    expect(issued).toBeUndefined();
    expect(core.keys.peek()).toBeUndefined();

    signer.release();
    await login;
    const { signingKid, expiredKeyStored } = await rotation;
    expect(issued!.kid).toBe(signingKid);
    expect(await core.publish.executeWhenLoaded()).toMatchObject({ body: expect.stringContaining(`"kid":"${signingKid}"`) });
    await expiredKeyStored;
  });

  it('answers a wrong password at once, without waiting for the key', async () => {
    const { core, signer, rotation } = await generating();
    await expect(core.issue.execute({ username: 'alice', password: 'not-it', ip: '203.0.113.7' })).rejects.toMatchObject({
      code: 'BAD_CREDENTIALS',
    });
    expect(core.keys.peek()).toBeUndefined();
    signer.release();
    await (
      await rotation
    ).expiredKeyStored;
  });

  it('makes the JWKS wait for the first keys too', async () => {
    const { core, signer, rotation } = await generating();
    expect(() => core.publish.execute()).toThrow(expect.objectContaining({ code: 'NO_SIGNING_KEY' }));
    let body: string | undefined;
    const jwks = core.publish.executeWhenLoaded().then((d) => (body = d.body));
    await new Promise((done) => setTimeout(done, 20));
    expect(body).toBeUndefined();
    signer.release();
    await jwks;
    expect(JSON.parse(body!)).toEqual({ keys: [expect.objectContaining({ kid: (await rotation).signingKid })] });
    await (
      await rotation
    ).expiredKeyStored;
  });

  it('fails NO_SIGNING_KEY, not hang, when the generation fails', async () => {
    const { core, signer, rotation, password } = await generating();
    const login = core.issue.execute({ username: 'alice', password, ip: '203.0.113.7' });
    const jwks = core.publish.executeWhenLoaded();
    signer.fail(new Error('no entropy today'));
    await expect(rotation).rejects.toThrow('no entropy today');
    await expect(login).rejects.toMatchObject({ code: 'NO_SIGNING_KEY' });
    await expect(jwks).rejects.toMatchObject({ code: 'NO_SIGNING_KEY' });
    expect(await core.authLog.forUser(1)).toEqual([]);
  });
});

describe('RotateKeys as time passes', () => {
  it('creates no key while the newest has rotationLead or more left, and exactly one a second later', async () => {
    const core = fresh();
    await core.rotate.execute();

    core.clock.advance(LAST_QUIET_SECOND);
    expect((await core.rotate.execute()).created).toBe(0);

    core.clock.advance(1);
    const { ring, created } = await core.rotate.execute();
    expect(created).toBe(1);
    expect(ring.published(core.now()).map((k) => k.key.exp)).toContain(core.now() + POLICY.keyTtl);

    expect((await core.rotate.execute()).created).toBe(0);
    expect(await core.vault.all()).toHaveLength(3);
  });

  it('after an outage with every key expired, creates a signing key but no second expired key', async () => {
    const core = fresh();
    await core.rotate.execute();
    core.clock.advance(2 * POLICY.keyTtl);

    const { ring, created } = await core.rotate.execute();

    expect(created).toBe(1);
    expect(ring.signingKey(core.now())?.key.exp).toBe(core.now() + POLICY.keyTtl);
  });

  it('holds only unexpired keys and the newest expired one', async () => {
    const core = fresh();
    const first = await core.rotate.execute();
    const [signing1, expired1] = [first.ring.signingKey(core.now()), first.ring.expiredKey(core.now())];
    core.clock.advance(LAST_QUIET_SECOND + 1);
    await core.rotate.execute(); // the next signing key
    core.clock.set(new Date((signing1?.key.exp ?? 0) * 1000)); // the first signing key expires now

    const { ring } = await core.rotate.execute();

    expect(await core.vault.all()).toHaveLength(3);
    expect(ring.keys).toHaveLength(2);
    expect(ring.published(core.now())).toHaveLength(1);
    expect(ring.expiredKey(core.now())?.key.kid).toBe(signing1?.key.kid);
    expect(kidsOf(ring.keys)).not.toContain(expired1?.key.kid);
  });
});

describe('RotateKeys with other instances', () => {
  it('picks up a key another instance put into the vault', async () => {
    const core = fresh();
    await core.rotate.execute();
    const privateKey = await core.signer.generateKey();
    const [elsewhere] = (await core.vault.update(() => [{ exp: core.now() + POLICY.keyTtl + 10, privateKey }])).slice(-1);

    const { ring, created } = await core.rotate.execute();

    expect(created).toBe(0);
    expect(kidsOf(ring.published(core.now()))).toContain(elsewhere?.kid);
  });

  it('stores exactly one signing and one expired key when instances start at once on an empty vault', async () => {
    const core = fresh();

    const results = await Promise.all([core.rotate.execute(), otherInstance(core).execute(), otherInstance(core).execute()]);

    expect(core.signer.generated).toBe(6); // all three saw an empty vault: the re-check inside the lock decided
    expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(2);
    const stored = await core.vault.all();
    expect(stored).toHaveLength(2);
    for (const { ring } of results) expect(kidsOf(ring.keys).sort()).toEqual(stored.map((k) => k.kid).sort());
  });

  it('stores exactly one new key when instances rotate at once', async () => {
    const core = fresh();
    await core.rotate.execute();
    core.clock.advance(LAST_QUIET_SECOND + 1);

    const results = await Promise.all([core.rotate.execute(), otherInstance(core).execute(), otherInstance(core).execute()]);

    expect(core.signer.generated).toBe(2 + 3);
    expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(1);
    expect(await core.vault.all()).toHaveLength(3);
  });
});

describe('RotateKeys reloading', () => {
  it('derives the public JWK only of keys it does not already hold', async () => {
    const core = fresh();
    const first = await core.rotate.execute();
    const publicJwk = vi.spyOn(core.signer, 'publicJwk');
    core.clock.advance(LAST_QUIET_SECOND + 1);

    const second = await core.rotate.execute();

    expect(second.created).toBe(1);
    for (const loaded of first.ring.keys) {
      expect(second.ring.keys.find((k) => k.key.kid === loaded.key.kid)).toEqual(loaded);
    }
    expect(publicJwk).toHaveBeenCalledTimes(1); // only for the new key
  });
});
