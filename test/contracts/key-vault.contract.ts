import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyVault } from '../../src/domain/ports/key-vault.js';
import type { NewSigningKey, SigningKey } from '../../src/domain/signing-key.js';

export interface KeyVaultHarness {
  readonly vault: KeyVault;
  /** Another vault on the same store through its own connections (as another process would be), when the adapter has such a thing. */
  readonly openAnother?: () => Promise<KeyVault>;
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
  });
}
