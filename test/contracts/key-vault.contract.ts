import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyCipher } from '../../src/domain/ports/key-cipher.js';
import type { KeyVault } from '../../src/domain/ports/key-vault.js';
import { expectDomainError } from '../support/fixtures.js';
import { testCipher } from '../support/knex-stores.js';
import type { NewSigningKey, SigningKey } from '../../src/domain/signing-key.js';

export interface KeyVaultHarness {
  readonly vault: KeyVault;
  /** Another vault on the same store through its own connections (as another process would be), when the adapter has such a thing. */
  readonly openAnother?: () => Promise<KeyVault>;
  /** A fresh vault on the same store reading with `cipher`, when the adapter encrypts at rest. */
  readonly openWith?: (cipher: KeyCipher) => KeyVault;
  close(): Promise<void>;
}

const HOUR = 3600;

function newKey(exp: number): NewSigningKey {
  return { exp, privateKey: randomBytes(1200) };
}

// Comparable form of a key: Uint8Array and Buffer holding the same bytes compare equal.
function plain(keys: readonly SigningKey[]): Array<{ kid: string; exp: number; hex: string }> {
  return keys.map((k) => ({ kid: k.kid, exp: k.exp, hex: Buffer.from(k.privateKey).toString('hex') }));
}

const addOneIfNone = (stored: readonly SigningKey[]): NewSigningKey[] => (stored.length === 0 ? [newKey(2_000_000_000)] : []);

/** The behaviour every {@link KeyVault} must have; `make` gives a fresh, empty one per test. */
export function keyVaultContract(name: string, make: () => Promise<KeyVaultHarness>): void {
  describe(`KeyVault contract: ${name}`, () => {
    let harness: KeyVaultHarness;
    let vault: KeyVault;
    beforeEach(async () => {
      harness = await make();
      vault = harness.vault;
    });
    afterEach(() => harness.close());

    it('starts empty', async () => {
      expect(await vault.all()).toEqual([]);
    });

    it('adds keys with distinct, increasing numeric string kids', async () => {
      const first = await vault.update(() => [newKey(1_800_000_000), newKey(1_700_000_000)]);
      const second = await vault.update(() => [newKey(1_900_000_000)]);
      const kids = second.map((k) => k.kid);
      expect(first).toHaveLength(2);
      expect(kids).toHaveLength(3);
      for (const kid of kids) expect(kid).toMatch(/^[1-9][0-9]*$/);
      expect(kids.map(Number)).toEqual([...kids.map(Number)].sort((a, b) => a - b));
      expect(new Set(kids).size).toBe(3);
      expect(second.map((k) => k.exp)).toEqual([1_800_000_000, 1_700_000_000, 1_900_000_000]);
    });

    it('returns the private key bytes and exp exactly as stored', async () => {
      const keys = [newKey(4_102_444_800), newKey(1_000_000_000)]; // past 2^31, and long expired
      await vault.update(() => keys);
      const all = await vault.all();
      expect(all.map((k) => Buffer.from(k.privateKey).toString('hex'))).toEqual(keys.map((k) => Buffer.from(k.privateKey).toString('hex')));
      for (const key of all) expect(typeof key.exp).toBe('number');
      expect(all.map((k) => k.exp)).toEqual([4_102_444_800, 1_000_000_000]);
    });

    it('gives plan exactly what is stored', async () => {
      await vault.update(() => [newKey(1_800_000_000), newKey(1_800_000_000 + HOUR)]);
      let seen: readonly SigningKey[] = [];
      await vault.update((stored) => {
        seen = stored;
        return [];
      });
      expect(plain(seen)).toEqual(plain(await vault.all()));
    });

    it('adds nothing when plan returns nothing', async () => {
      const before = await vault.update(() => [newKey(1_800_000_000)]);
      const after = await vault.update(() => []);
      expect(plain(after)).toEqual(plain(before));
      expect(plain(await vault.all())).toEqual(plain(before));
    });

    it('returns from update what all() then reads', async () => {
      const result = await vault.update(() => [newKey(1_800_000_000), newKey(1_600_000_000)]);
      expect(plain(await vault.all())).toEqual(plain(result));
    });

    it('stores nothing when plan throws', async () => {
      await expect(
        vault.update(() => {
          throw new Error('plan failed');
        }),
      ).rejects.toThrow('plan failed');
      expect(await vault.all()).toEqual([]);
    });

    it('serialises concurrent updates: exactly one "add one if none" adds', async () => {
      await Promise.all([vault.update(addOneIfNone), vault.update(addOneIfNone)]);
      expect(await vault.all()).toHaveLength(1);
    });

    it('serialises updates from another instance on the same store', async (ctx) => {
      if (!harness.openAnother) ctx.skip();
      const vaults = [vault, await harness.openAnother!(), await harness.openAnother!()];
      const results = await Promise.all(vaults.flatMap((v) => [v.update(addOneIfNone), v.update(addOneIfNone)]));
      expect(await vault.all()).toHaveLength(1);
      for (const result of results) expect(result).toHaveLength(1);
    });

    describe('revocations', () => {
      const at = 1_800_000_000;

      it('records a revocation that all() and update() then show, and keeps the first record', async () => {
        const [first, second] = await vault.update(() => [newKey(1_900_000_000), newKey(1_900_000_100)]);
        expect(await vault.revoke(second!.kid, { at, reason: 'leaked in a log' })).toBe(true);
        expect(await vault.revoke(second!.kid, { at: at + 5, reason: 'again' })).toBe(false);
        const all = await vault.all();
        expect(all.map((k) => k.revoked ?? null)).toEqual([null, { at, reason: 'leaked in a log' }]);
        let seen: readonly SigningKey[] = [];
        await vault.update((stored) => ((seen = stored), []));
        expect(seen.find((k) => k.kid === second!.kid)?.revoked).toEqual({ at, reason: 'leaked in a log' });
        expect(seen.find((k) => k.kid === first!.kid)?.revoked).toBeUndefined();
      });

      it('takes a null reason', async () => {
        const [key] = await vault.update(() => [newKey(1_900_000_000)]);
        await vault.revoke(key!.kid, { at, reason: null });
        expect((await vault.all())[0]?.revoked).toEqual({ at, reason: null });
      });

      it.each(['99', '0', '-1', 'abc', '1e3', '', '1; DROP TABLE keys'])('refuses an unknown kid %j with NOT_FOUND', async (kid) => {
        await vault.update(() => [newKey(1_900_000_000)]);
        await expectDomainError(vault.revoke(kid, { at, reason: null }), 'NOT_FOUND');
        expect((await vault.all()).map((k) => k.revoked)).toEqual([undefined]);
      });

      it('serialises a revocation with a concurrent update that checks for it', async () => {
        const [key] = await vault.update(() => [newKey(1_900_000_000)]);
        const addIfRevoked = (stored: readonly SigningKey[]) =>
          stored.some((k) => k.revoked) && stored.length === 1 ? [newKey(1_900_000_500)] : [];
        await Promise.all([vault.revoke(key!.kid, { at, reason: null }), vault.update(addIfRevoked), vault.update(addIfRevoked)]);
        expect((await vault.all()).length).toBeLessThanOrEqual(2);
      });
    });

    describe('reseal', () => {
      it('re-encrypts every key under the new cipher, reporting progress, and the keys read back unchanged', async () => {
        const before = await vault.update(() => [newKey(1_900_000_000), newKey(1_000_000_000), newKey(1_900_000_100)]);
        await vault.revoke(before[0]!.kid, { at: 1_800_000_000, reason: null });
        const target = testCipher();
        const progress: string[] = [];
        expect(await vault.reseal(target, (done, total) => progress.push(`${done}/${total}`))).toBe(3);
        expect(progress).toEqual(['1/3', '2/3', '3/3']);
        expect(plain(await vault.all())).toEqual(plain(before));
        if (harness.openWith) {
          expect(plain(await harness.openWith(target).all())).toEqual(plain(before));
          expect((await harness.openWith(target).all())[0]?.revoked).toEqual({ at: 1_800_000_000, reason: null });
          await expectDomainError(harness.openWith(testCipher()).all(), 'KEY_DECRYPTION_FAILED');
        }
      });

      it('counts what it resealed without a progress callback too, and reseals an empty store', async () => {
        expect(await vault.reseal(testCipher())).toBe(0);
        await vault.update(() => [newKey(1_900_000_000), newKey(1_900_000_100)]);
        expect(await vault.reseal(testCipher())).toBe(2);
      });
    });
  });
}
