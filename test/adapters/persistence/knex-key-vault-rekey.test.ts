import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmKeyCipher } from '../../../src/adapters/crypto/aes-gcm-key-cipher.js';
import { KnexKeyVault } from '../../../src/adapters/persistence/knex-key-vault.js';
import { expectDomainError } from '../../support/fixtures.js';
import { openMigrated } from '../../support/knex-stores.js';

const newKey = (exp: number) => ({ exp, privateKey: randomBytes(600) });
const hex = (keys: ReadonlyArray<{ privateKey: Uint8Array }>) => keys.map((k) => Buffer.from(k.privateKey).toString('hex'));

describe('KnexKeyVault across a master-key rotation', () => {
  let db: Knex;
  const [oldKey, newMaster] = [randomBytes(32), randomBytes(32)];
  beforeEach(async () => {
    db = await openMigrated({ sqlitePath: ':memory:' });
  });
  afterEach(() => db.destroy());

  it('a server left running on the old master key keeps serving its keys, but seals no new key under it', async () => {
    const running = new KnexKeyVault(db, new AesGcmKeyCipher(oldKey));
    const before = await running.update(() => [newKey(1_900_000_000), newKey(1_900_000_100)]);
    const operator = new KnexKeyVault(db, new AesGcmKeyCipher(oldKey));
    expect(await operator.reseal(new AesGcmKeyCipher(newMaster))).toBe(2);

    expect(hex(await running.all())).toEqual(hex(before));
    await expectDomainError(
      running.update(() => [newKey(1_900_000_200)]),
      'KEY_DECRYPTION_FAILED',
    );
    expect(await db('keys').count({ n: '*' })).toEqual([{ n: 2 }]);
    await expectDomainError(new KnexKeyVault(db, new AesGcmKeyCipher(oldKey)).all(), 'KEY_DECRYPTION_FAILED');
    expect(hex(await new KnexKeyVault(db, new AesGcmKeyCipher(newMaster)).all())).toEqual(hex(before));
  });

  it('a rolling restart reads with the previous key and seals with the new one', async () => {
    await new KnexKeyVault(db, new AesGcmKeyCipher(oldKey)).update(() => [newKey(1_900_000_000)]);
    const rolling = new KnexKeyVault(db, new AesGcmKeyCipher(newMaster, [() => oldKey]));
    await rolling.update(() => [newKey(1_900_000_100)]);
    const blobs: Array<{ key: Buffer }> = await db('keys').select('key').orderBy('kid');
    expect(blobs.map((b) => b.key.subarray(1, 9).toString('hex'))).toEqual([
      new AesGcmKeyCipher(oldKey).keyId,
      new AesGcmKeyCipher(newMaster).keyId,
    ]);
    expect(await new KnexKeyVault(db, new AesGcmKeyCipher(newMaster, [() => oldKey])).all()).toHaveLength(2);
  });

  it('a reseal that fails part-way changes nothing', async () => {
    const vault = new KnexKeyVault(db, new AesGcmKeyCipher(oldKey));
    await vault.update(() => [newKey(1_900_000_000), newKey(1_900_000_100), newKey(1_900_000_200)]);
    const before = await db('keys').select('*').orderBy('kid');
    const target = new AesGcmKeyCipher(newMaster);
    let calls = 0;
    const failing = {
      encrypt: (p: Uint8Array, c: Uint8Array) => (++calls === 3 ? Promise.reject(new Error('disk full')) : target.encrypt(p, c)),
      decrypt: target.decrypt.bind(target),
    };
    await expect(vault.reseal(failing)).rejects.toThrow('disk full');
    expect(await db('keys').select('*').orderBy('kid')).toEqual(before);
  });
});
