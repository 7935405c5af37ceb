import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmKeyCipher, masterKeyId } from '../../../src/adapters/crypto/aes-gcm-key-cipher.js';
import { readKeyFile, replaceKeyFile } from '../../../src/adapters/crypto/key-file.js';
import {
  masterKeyCipher,
  masterKeyFromFile,
  masterKeyFromValue,
  PASSPHRASE_MIN_SAFE_LENGTH,
} from '../../../src/adapters/crypto/master-key.js';
import { expectDomainError } from '../../support/fixtures.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const plaintext = bytes('-----PKCS#8 private key bytes-----');
const context = bytes('keys:exp=1900000000');

/** A blob in the first format (`0x01 | nonce | ciphertext | tag`, AAD `0x01 | context`), written independently of the adapter. */
function sealV1(key: Uint8Array, data: Uint8Array, aad: Uint8Array): Uint8Array {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(Buffer.concat([Buffer.of(1), aad]));
  return Buffer.concat([Buffer.of(1), nonce, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}

describe('AesGcmKeyCipher across master keys', () => {
  it('reads blobs of the first format (no key id), as sealed by earlier versions', async () => {
    const key = randomBytes(32);
    expect(new Uint8Array(await new AesGcmKeyCipher(key).decrypt(sealV1(key, plaintext, context), context))).toEqual(plaintext);
    await expectDomainError(
      new AesGcmKeyCipher(key).decrypt(sealV1(key, plaintext, bytes('keys:exp=1')), context),
      'KEY_DECRYPTION_FAILED',
    );
    await expectDomainError(
      new AesGcmKeyCipher(randomBytes(32)).decrypt(sealV1(key, plaintext, context), context),
      'KEY_DECRYPTION_FAILED',
    );
  });

  it('seals under its master key and reads under a previous one, named by the id in the header', async () => {
    const [old, next] = [randomBytes(32), randomBytes(32)];
    const sealedOld = await new AesGcmKeyCipher(old).encrypt(plaintext, context);
    const rolling = new AesGcmKeyCipher(next, [() => old]);
    expect(new Uint8Array(await rolling.decrypt(sealedOld, context))).toEqual(plaintext);
    expect(Buffer.from((await rolling.encrypt(plaintext, context)).subarray(1, 9)).toString('hex')).toBe(masterKeyId(next));
    expect(new Uint8Array(await rolling.decrypt(sealV1(old, plaintext, context), context))).toEqual(plaintext);
  });

  it('names both key ids, never a key, when a blob was sealed by a key it does not accept', async () => {
    const [old, next] = [randomBytes(32), randomBytes(32)];
    const sealed = await new AesGcmKeyCipher(old).encrypt(plaintext, context);
    const err = await expectDomainError(new AesGcmKeyCipher(next).decrypt(sealed, context), 'KEY_DECRYPTION_FAILED');
    expect(err.message).toContain(masterKeyId(old));
    expect(err.message).toContain(masterKeyId(next));
    expect(err.message).not.toContain(old.toString('hex'));
  });

  it('derives keys accepted for reading only when a blob needs them', async () => {
    const key = randomBytes(32);
    let derived = 0;
    const cipher = new AesGcmKeyCipher(key, [() => (derived++, randomBytes(32))]);
    await cipher.decrypt(await cipher.encrypt(plaintext, context), context);
    expect(derived).toBe(0);
  });

  it('ids differ per key, are 16 hex digits, and are stable', () => {
    const key = randomBytes(32);
    expect(masterKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(key)).toBe(masterKeyId(Buffer.from(key)));
    expect(masterKeyId(randomBytes(32))).not.toBe(masterKeyId(key));
  });
});

describe('passphrase derivation', () => {
  const passphrase = 'a passphrase of some length';

  it('uses scrypt N=2^17 r=8 p=1, and reads what the former N=2^15 derivation sealed', async () => {
    const master = masterKeyFromValue(passphrase);
    expect(Buffer.from(master.key)).toEqual(
      scryptSync(passphrase, 'jwks-auth-server/NOT_MY_KEY/v2', 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 2 ** 28 }),
    );
    const former = scryptSync(passphrase, 'jwks-auth-server/NOT_MY_KEY/v1', 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 2 ** 26 });
    const cipher = masterKeyCipher(master);
    expect(new Uint8Array(await cipher.decrypt(sealV1(former, plaintext, context), context))).toEqual(plaintext);
    expect(new Uint8Array(await cipher.decrypt(await new AesGcmKeyCipher(former).encrypt(plaintext, context), context))).toEqual(plaintext);
    expect(cipher.keyId).toBe(masterKeyId(master.key));
    expect(master.passphraseLength).toBe(passphrase.length);
    expect(cipher.openedWithOlderKeys).toBe(2); // what `rekey` would re-seal
    await cipher.decrypt(await cipher.encrypt(plaintext, context), context);
    expect(cipher.openedWithOlderKeys).toBe(2);
  });

  it('reports the passphrase length (not the passphrase) so a short one can be warned about', () => {
    expect(PASSPHRASE_MIN_SAFE_LENGTH).toBe(20);
    expect(masterKeyFromValue('hunter2').passphraseLength).toBe(7);
    expect(masterKeyFromValue(randomBytes(32).toString('hex')).passphraseLength).toBeUndefined();
  });

  it('reads with NOT_MY_KEY_PREVIOUS, raw or a passphrase in either derivation', async () => {
    const [current, previousRaw] = [randomBytes(32), randomBytes(32)];
    const cipher = masterKeyCipher({ key: current, source: 'env:raw' }, [previousRaw.toString('hex'), 'old passphrase for reading']);
    const formerOfPhrase = scryptSync('old passphrase for reading', 'jwks-auth-server/NOT_MY_KEY/v1', 32, {
      N: 2 ** 15,
      r: 8,
      p: 1,
      maxmem: 2 ** 26,
    });
    for (const key of [previousRaw, formerOfPhrase]) {
      expect(new Uint8Array(await cipher.decrypt(await new AesGcmKeyCipher(key).encrypt(plaintext, context), context))).toEqual(plaintext);
    }
  });
});

describe('key files with several keys', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seals with the first line and reads with the others; replacing is atomic and keeps 0600', async () => {
    const path = join(dir, 'rolling');
    const [old, next] = [randomBytes(32), randomBytes(32)];
    const sealed = await masterKeyCipher(masterKeyFromFile(path)).encrypt(plaintext, context);
    replaceKeyFile(path, [next, readKeyFile(path)[0]!]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const master = masterKeyFromFile(path);
    expect(Buffer.from(master.key)).toEqual(next);
    expect(new Uint8Array(await masterKeyCipher(master).decrypt(sealed, context))).toEqual(plaintext);
    writeFileSync(path, `${old.toString('base64')}\nnot a key\n`);
    expect(() => masterKeyFromFile(path)).toThrow(/each line/);
    expect(readFileSync(path, 'utf8')).toContain('not a key');
  });
});
