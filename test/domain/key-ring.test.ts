import { describe, expect, it } from 'vitest';
import { KeyPolicy } from '../../src/domain/key-policy.js';
import { KeyRing } from '../../src/domain/key-ring.js';
import type { LoadedKey } from '../../src/domain/signing-key.js';
import { expectDomainError } from '../support/fixtures.js';

// tokenTtl 1 h, keyTtl 24 h, syncInterval 60 s → activationDelay 120 s, rotationLead 3,840 s.
const policy = new KeyPolicy(3600, 86_400, 60);
const T = 1_767_225_600; // 2026-01-01T00:00:00Z

/** A key made at `createdAt` (so it expires a keyTtl later); the key bytes do not matter here. */
function keyMadeAt(kid: string, createdAt: number): LoadedKey {
  return keyExpiringAt(kid, createdAt + policy.keyTtl);
}

function keyExpiringAt(kid: string, exp: number): LoadedKey {
  return {
    key: { kid, exp, privateKey: new Uint8Array([Number(kid)]) },
    jwk: { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: `n${kid}`, e: 'AQAB' },
  };
}

const kids = (keys: readonly LoadedKey[]) => keys.map((k) => k.key.kid);

describe('KeyPolicy', () => {
  it('derives activationDelay (2 × sync) and rotationLead (tokenTtl + 4 × sync)', () => {
    expect(policy.activationDelay).toBe(120);
    expect(policy.rotationLead).toBe(3600 + 240);
  });

  it.each([
    ['zero token lifetime', 0, 86_400, 60],
    ['negative sync interval', 3600, 86_400, -1],
    ['fractional key lifetime', 3600, 86_400.5, 60],
    ['NaN token lifetime', Number.NaN, 86_400, 60],
    ['key lifetime equal to the rotation lead', 3600, 3840, 60],
    ['key lifetime shorter than a token', 3600, 1800, 60],
  ])('rejects %s with INVALID_INPUT', async (_name, tokenTtl, keyTtl, sync) => {
    await expectDomainError(() => new KeyPolicy(tokenTtl, keyTtl, sync), 'INVALID_INPUT');
  });

  it('accepts a key lifetime one second over the rotation lead', () => {
    expect(new KeyPolicy(3600, 3841, 60).rotationLead).toBe(3840);
  });

  it('is due for rotation once the newest key has less than rotationLead left, not at exactly rotationLead', () => {
    const exp = T + policy.keyTtl;
    expect(policy.rotationDue([], T)).toBe(true);
    expect(policy.rotationDue([exp], exp - policy.rotationLead)).toBe(false);
    expect(policy.rotationDue([exp], exp - policy.rotationLead + 1)).toBe(true);
    expect(policy.rotationDue([T - 10, exp], exp - policy.rotationLead)).toBe(false); // the newest counts
  });
});

describe('KeyRing.signingKey: activation delay', () => {
  const first = keyMadeAt('1', T);
  const next = keyMadeAt('2', T + 80_000);
  const ring = new KeyRing([next, first], policy);

  it('lets the very first key sign at once', () => {
    expect(new KeyRing([first], policy).signingKey(T)?.key.kid).toBe('1');
  });

  it('keeps the previous key signing until createdAt + activationDelay of the new one', () => {
    expect(ring.signingKey(T + 80_000)?.key.kid).toBe('1');
    expect(ring.signingKey(T + 80_000 + policy.activationDelay - 1)?.key.kid).toBe('1');
  });

  it('switches to the new key one second after createdAt + activationDelay (creation is known only to the second)', () => {
    expect(ring.signingKey(T + 80_000 + policy.activationDelay)?.key.kid).toBe('1');
    expect(ring.signingKey(T + 80_000 + policy.activationDelay + 1)?.key.kid).toBe('2');
  });

  it('publishes the new key before it signs', () => {
    expect(kids(ring.published(T + 80_000))).toEqual(['1', '2']);
  });

  it('signs with the newest key when every active key has expired', () => {
    const onlyFreshLeft = new KeyRing([keyExpiringAt('1', T), keyMadeAt('2', T - 10)], policy);
    expect(onlyFreshLeft.signingKey(T)?.key.kid).toBe('2');
  });

  it('has no signing key when every key has expired', () => {
    expect(new KeyRing([keyExpiringAt('1', T)], policy).signingKey(T)).toBeUndefined();
    expect(new KeyRing([], policy).signingKey(T)).toBeUndefined();
  });
});

describe('KeyRing: expiry boundary', () => {
  const expiringNow = keyExpiringAt('1', T);
  const live = keyMadeAt('2', T - 100);
  const ring = new KeyRing([live, expiringNow], policy);

  it('treats a key expiring exactly now as expired: not published, not signing', () => {
    expect(kids(ring.published(T))).toEqual(['2']);
    expect(ring.publicJwks(T).map((j) => j.kid)).toEqual(['2']);
    expect(ring.signingKey(T)?.key.kid).toBe('2');
  });

  it('still publishes it one second earlier', () => {
    expect(kids(ring.published(T - 1))).toEqual(['1', '2']);
  });

  it('offers it for ?expired=true tokens from that second on', () => {
    expect(ring.expiredKey(T - 1)).toBeUndefined();
    expect(ring.expiredKey(T)?.key.kid).toBe('1');
    const exps = ring.keys.map((k) => k.key.exp);
    expect(policy.needsExpiredKey(exps, T - 1)).toBe(true);
    expect(policy.needsExpiredKey(exps, T)).toBe(false);
  });

  it('offers the most recently expired key when there are several', () => {
    const several = new KeyRing([keyExpiringAt('3', T - 5000), keyExpiringAt('4', T - 10), keyExpiringAt('5', T - 3600)], policy);
    expect(several.expiredKey(T)?.key.kid).toBe('4');
  });
});

describe('KeyRing.tokenExpiry', () => {
  it('is now + tokenTtl when the key lives longer', () => {
    const key = keyMadeAt('1', T);
    expect(new KeyRing([key], policy).tokenExpiry(key, T)).toBe(T + 3600);
  });

  it("never exceeds the key's own expiry", () => {
    const key = keyExpiringAt('1', T + 100);
    expect(new KeyRing([key], policy).tokenExpiry(key, T)).toBe(T + 100);
  });
});

describe('KeyRing.secondsUntilChange', () => {
  it('counts down to the rotation when that comes before any expiry', () => {
    const ring = new KeyRing([keyMadeAt('1', T)], policy);
    expect(ring.secondsUntilChange(T)).toBe(policy.keyTtl - policy.rotationLead);
    expect(ring.secondsUntilChange(T + 1000)).toBe(policy.keyTtl - policy.rotationLead - 1000);
  });

  it('counts down to the oldest published key expiring when that comes first', () => {
    const ring = new KeyRing([keyExpiringAt('1', T + 500), keyMadeAt('2', T)], policy);
    expect(ring.secondsUntilChange(T)).toBe(500);
  });

  it('ignores keys that have already expired', () => {
    const ring = new KeyRing([keyExpiringAt('1', T - 3600), keyMadeAt('2', T)], policy);
    expect(ring.secondsUntilChange(T)).toBe(policy.keyTtl - policy.rotationLead);
  });

  it('never reaches past the first second a rotation is due, and is 0 (never negative) from then on', () => {
    const ring = new KeyRing([keyMadeAt('1', T)], policy);
    const firstDue = T + policy.keyTtl - policy.rotationLead + 1;
    const exps = ring.keys.map((k) => k.key.exp);
    expect([policy.rotationDue(exps, firstDue - 1), policy.rotationDue(exps, firstDue)]).toEqual([false, true]);

    for (let now = firstDue - 5; now < firstDue; now++) {
      expect(now + ring.secondsUntilChange(now)).toBeLessThanOrEqual(firstDue);
    }
    expect(ring.secondsUntilChange(firstDue)).toBe(0);
    expect(ring.secondsUntilChange(firstDue + 60)).toBe(0);
  });

  it('is 0 for an empty ring or one with only expired keys', () => {
    expect(new KeyRing([], policy).secondsUntilChange(T)).toBe(0);
    expect(new KeyRing([keyExpiringAt('1', T - 1)], policy).secondsUntilChange(T)).toBe(0);
  });
});
