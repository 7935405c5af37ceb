import { beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/adapters/memory/fixed-clock.js';
import { MemoryKeyVault } from '../../src/adapters/memory/memory-key-vault.js';
import { RotateKeys } from '../../src/application/rotate-keys.js';
import { KeyRingHolder } from '../../src/application/key-ring-holder.js';
import { KeyPolicy, type KeyTimings } from '../../src/domain/key-policy.js';
import { pickSigningKey, type KeyRecord } from '../../src/domain/signing-order.js';
import { toUnixSeconds } from '../../src/domain/time.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';

let pool: RsaKeyPool;
beforeAll(async () => {
  pool = await RsaKeyPool.generate(4);
});

/** Runs one instance's key sync every `syncInterval` for `seconds`, noting the signing kid each second. */
async function signingOrder(timings: KeyTimings, seconds: number) {
  const policy = new KeyPolicy(timings);
  const clock = new FixedClock();
  const keys = new KeyRingHolder();
  const rotate = new RotateKeys({ vault: new MemoryKeyVault(), signer: pool.signer({ cycle: true }), clock, policy, keys });
  const order: string[] = [];
  const early: string[] = []; // kids seen signing before their pre-publication was over
  for (let t = 0; t < seconds; t++) {
    if (t % policy.syncInterval === 0) await rotate.execute();
    const now = toUnixSeconds(clock.now());
    const key = keys.ring().signingKey(now);
    const kid = key?.key.kid ?? '-';
    if (key && policy.signsFrom(key.key.exp) > now && order.length > 0 && order.at(-1) !== kid) early.push(kid);
    if (order.at(-1) !== kid) order.push(kid);
    clock.advance(1);
  }
  return { order, early };
}

const ascending = (kids: string[]) => kids.map(Number).every((kid, i, all) => i === 0 || kid > all[i - 1]!);

describe('the signing key only moves forward', () => {
  // Reported: with TOKEN_TTL=2 KEY_TTL=45 (default sync) the signing kid went 1 → 3 → 4 → 1 and new keys
  // signed at once. Those settings are refused now (see key-policy.test.ts); the tightest schedule with the
  // same token and key lifetimes that is accepted must rotate forward, each key after its pre-publication.
  it('TOKEN_TTL=2 KEY_TTL=45 KEY_SYNC_INTERVAL=10 with the shortest pre-publication accepted (10 s, max-age 0)', async () => {
    const { order, early } = await signingOrder({ tokenTtl: 2, keyTtl: 45, syncInterval: 10, jwksMaxAge: 0, prepublish: 10 }, 300);
    expect(order.length).toBeGreaterThan(8);
    expect(ascending(order), order.join(' → ')).toBe(true);
    expect(early).toEqual([]);
  });

  it.each([
    { tokenTtl: 1, keyTtl: 5, syncInterval: 1, jwksMaxAge: 0, prepublish: 1 },
    { tokenTtl: 2, keyTtl: 11, syncInterval: 1, jwksMaxAge: 2, prepublish: 6 },
    { tokenTtl: 3600, keyTtl: 86_400, syncInterval: 10, jwksMaxAge: 300 },
  ])('%o', async (timings) => {
    const { order, early } = await signingOrder(timings, Math.min(3 * timings.keyTtl, 400_000));
    expect(ascending(order), order.join(' → ')).toBe(true);
    expect(early).toEqual([]);
  });
});

describe('pickSigningKey with revocations', () => {
  const signsFrom = (exp: number) => exp - 100 + 10; // keyTtl 100, prepublish 10 (ready from creation + 10)
  const key = (kid: number, created: number, revokedAt?: number): KeyRecord => ({
    kid: String(kid),
    exp: created + 100,
    ...(revokedAt !== undefined && { revoked: { at: revokedAt, reason: 'leaked' } }),
  });
  const pick = (keys: KeyRecord[], now: number) => pickSigningKey(keys, now, signsFrom)?.kid;

  it('signs with the very first key at once', () => {
    expect(pick([key(1, 0)], 0)).toBe('1');
  });

  it('keeps an unready first key signing while a second is pending, then moves on', () => {
    const keys = [key(1, 0), key(2, 1)];
    expect([pick(keys, 5), pick(keys, 10), pick(keys, 11)]).toEqual(['1', '1', '2']);
  });

  it('replaces a revoked signing key at once with the pending key, never the older one', () => {
    const keys = [key(1, 0), key(2, 50), key(3, 90, 95)];
    expect(pick(keys, 95)).toBe('2');
    const revoked = [key(1, 0), key(2, 50, 95), key(3, 90)];
    expect(pick(revoked, 95)).toBe('3');
  });

  it('has no signing key when the signing key is revoked and nothing newer exists (a new key is due)', () => {
    expect(pick([key(1, 0), key(2, 50, 70)], 70)).toBeUndefined();
  });

  it('ignores a revoked pending key', () => {
    expect(pick([key(1, 0), key(2, 50), key(3, 90, 91)], 95)).toBe('2');
  });
});
