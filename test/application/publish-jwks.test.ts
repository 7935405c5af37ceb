import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PublishJwks } from '../../src/application/publish-jwks.js';
import { RotateKeys } from '../../src/application/rotate-keys.js';
import { KeyRingHolder } from '../../src/application/key-ring-holder.js';
import { JWKS_MAX_AGE, makeCore, POLICY } from '../support/core.js';
import { expectDomainError } from '../support/fixtures.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';

let pool: RsaKeyPool;
beforeAll(async () => {
  pool = await RsaKeyPool.generate(3);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const SECONDS_TO_ROTATION = POLICY.keyTtl - POLICY.rotationLead;

/** Keys loaded (a signing key and an expired one). */
async function ready() {
  const core = makeCore({ signer: pool.signer() });
  await core.rotate.execute();
  return core;
}

/** Keys loaded, then rotated once: two published keys, the older expiring first. */
async function rotated() {
  const core = await ready();
  const older = core.keys.ring().signingKey(core.now());
  core.clock.advance(SECONDS_TO_ROTATION + 1);
  await core.rotate.execute();
  return { core, olderExp: older?.key.exp ?? Number.NaN };
}

const kidsIn = (body: string) => (JSON.parse(body) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

/** Spies on JSON.stringify, counting only serialisations of a key set. */
function countBuilds() {
  const stringify = vi.spyOn(JSON, 'stringify');
  return () => stringify.mock.calls.filter(([value]) => typeof value === 'object' && value !== null && 'keys' in value).length;
}

describe('PublishJwks: the document', () => {
  it('is {"keys":[…]} of string-only RSA signing JWKs, without the expired key', async () => {
    const core = await ready();
    const ring = core.keys.ring();

    const { body } = core.publish.execute();

    const parsed = JSON.parse(body) as { keys: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['keys']);
    expect(parsed.keys).toHaveLength(1);
    for (const jwk of parsed.keys) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(Object.values(jwk).every((value) => typeof value === 'string')).toBe(true);
      expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
    }
    expect(kidsIn(body)).toEqual([ring.signingKey(core.now())?.key.kid]);
    expect(kidsIn(body)).not.toContain(ring.expiredKey(core.now())?.key.kid);
  });

  it('publishes a new key at once, before it signs', async () => {
    const { core } = await rotated();

    expect(kidsIn(core.publish.execute().body)).toHaveLength(2);
  });

  it('fails with NO_SIGNING_KEY before any key is loaded', async () => {
    const core = makeCore({ signer: pool.signer() });

    await expectDomainError(() => core.publish.execute(), 'NO_SIGNING_KEY');
  });
});

describe('PublishJwks: built once per change', () => {
  it('serialises the set once, however often and whenever it is asked while the set is unchanged', async () => {
    const core = await ready();
    const builds = countBuilds();

    const first = core.publish.execute();
    core.clock.advance(3600);
    const second = core.publish.execute();
    const third = core.publish.execute();

    expect(builds()).toBe(1);
    expect(second.body).toBe(first.body);
    expect(third.version).toBe(first.version);
  });

  it('rebuilds once when the oldest key expires', async () => {
    const { core, olderExp } = await rotated();
    core.clock.set(new Date((olderExp - 1) * 1000));
    const before = core.publish.execute();
    const builds = countBuilds();

    core.clock.advance(1); // the older key expires now
    const after = core.publish.execute();
    core.publish.execute();

    expect(builds()).toBe(1);
    expect(kidsIn(before.body)).toHaveLength(2);
    expect(kidsIn(after.body)).toEqual(kidsIn(before.body).slice(1));
    expect(after.version).not.toBe(before.version);
  });
});

describe('PublishJwks: version', () => {
  it('is usable as a strong entity tag (ETag characters, no quotes), equal on every instance holding the same set', async () => {
    const core = await ready();
    const keys = new KeyRingHolder();
    await new RotateKeys({ vault: core.vault, signer: core.signer, clock: core.clock, policy: POLICY, keys }).execute();
    const elsewhere = new PublishJwks({ keys, clock: core.clock, maxAge: JWKS_MAX_AGE });

    const here = core.publish.execute();

    expect(here.version).toMatch(/^[\x21\x23-\x7e]+$/);
    expect(elsewhere.execute().version).toBe(here.version);
    expect(elsewhere.execute().body).toBe(here.body);
  });

  it('changes when a key is added', async () => {
    const core = await ready();
    const before = core.publish.execute().version;
    core.clock.advance(SECONDS_TO_ROTATION + 1);
    await core.rotate.execute();

    expect(core.publish.execute().version).not.toBe(before);
  });
});

describe('PublishJwks: maxAge', () => {
  it('is the configured cap while the next change is further away', async () => {
    const core = await ready();

    expect(core.publish.execute().maxAge).toBe(JWKS_MAX_AGE);
  });

  it('never reaches past the next change of the key set (the rotation falling due)', async () => {
    const core = await ready();
    const firstDue = core.now() + SECONDS_TO_ROTATION + 1;

    core.clock.advance(SECONDS_TO_ROTATION - 100);
    const { maxAge } = core.publish.execute();
    expect(maxAge).toBeGreaterThanOrEqual(100);
    expect(core.now() + maxAge).toBeLessThanOrEqual(firstDue);

    core.clock.set(new Date(firstDue * 1000));
    expect(core.publish.execute().maxAge).toBe(0);
  });

  it('counts down to the expiry of the oldest published key', async () => {
    const { core, olderExp } = await rotated();
    core.clock.set(new Date((olderExp - 42) * 1000));

    expect(core.publish.execute().maxAge).toBe(42);
  });
});
