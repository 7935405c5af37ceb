import { describe, expect, it } from 'vitest';
import { KeyPolicy } from '../../src/domain/key-policy.js';
import { KeyRing } from '../../src/domain/key-ring.js';
import type { LoadedKey } from '../../src/domain/signing-key.js';

// tokenTtl 1 h, keyTtl 24 h, syncInterval 60 s, jwksMaxAge 60 s → prepublish 150 s, rotationLead 3,870 s.
const policy = new KeyPolicy({ tokenTtl: 3600, keyTtl: 86_400, syncInterval: 60, jwksMaxAge: 60 });
const T = 1_767_225_600; // 2026-01-01T00:00:00Z

/** A key made at `createdAt` (so it expires a keyTtl later); the key bytes do not matter here. */
function keyMadeAt(kid: string, createdAt: number): LoadedKey {
  return keyExpiringAt(kid, createdAt + policy.keyTtl);
}

function keyExpiringAt(kid: string, exp: number, revokedAt?: number): LoadedKey {
  return {
    key: {
      kid,
      exp,
      privateKey: new Uint8Array([Number(kid)]),
      ...(revokedAt !== undefined && { revoked: { at: revokedAt, reason: null } }),
    },
    jwk: { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: `n${kid}`, e: 'AQAB' },
  };
}

const kids = (keys: readonly LoadedKey[]) => keys.map((k) => k.key.kid);

describe('KeyRing.signingKey: pre-publication', () => {
  const first = keyMadeAt('1', T);
  const next = keyMadeAt('2', T + 80_000);
  const ring = new KeyRing([next, first], policy);

  it('lets the very first key sign at once', () => {
    expect(new KeyRing([first], policy).signingKey(T)?.key.kid).toBe('1');
  });

  it('keeps the previous key signing until createdAt + prepublish of the new one', () => {
    expect(ring.signingKey(T + 80_000)?.key.kid).toBe('1');
    expect(ring.signingKey(T + 80_000 + policy.prepublish - 1)?.key.kid).toBe('1');
  });

  it('switches to the new key one second after createdAt + prepublish (creation is known only to the second)', () => {
    expect(ring.signingKey(T + 80_000 + policy.prepublish)?.key.kid).toBe('1');
    expect(ring.signingKey(T + 80_000 + policy.prepublish + 1)?.key.kid).toBe('2');
  });

  it('publishes the new key before it signs', () => {
    expect(kids(ring.published(T + 80_000))).toEqual(['1', '2']);
  });

  it('signs at once with the next newer key when every ready key has expired (after an outage)', () => {
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
    const records = ring.keys.map((k) => k.key);
    expect(policy.needsExpiredKey(records, T - 1)).toBe(true);
    expect(policy.needsExpiredKey(records, T)).toBe(false);
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
    const records = ring.keys.map((k) => k.key);
    expect([policy.rotationDue(records, firstDue - 1), policy.rotationDue(records, firstDue)]).toEqual([false, true]);

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
