import { createPrivateKey, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmKeyCipher } from '../../../src/adapters/crypto/aes-gcm-key-cipher.js';
import { Argon2PasswordHasher } from '../../../src/adapters/crypto/argon2-password-hasher.js';
import { JoseTokenSigner } from '../../../src/adapters/crypto/jose-token-signer.js';
import { isExposed, masterKeyFromFile, masterKeyFromValue } from '../../../src/adapters/crypto/master-key.js';
import { expectDomainError } from '../../support/fixtures.js';
import { tempDir } from '../../support/temp-dir.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('AesGcmKeyCipher', () => {
  const cipher = new AesGcmKeyCipher(randomBytes(32));
  const plaintext = bytes('-----PKCS#8 private key bytes-----');
  const context = bytes('signing_keys:kid=7');

  /** `sealed` with bit 0 of the byte at `index` flipped (negative: from the end). */
  function flipped(sealed: Uint8Array, index: number): Uint8Array {
    const copy = new Uint8Array(sealed);
    const at = index < 0 ? copy.length + index : index;
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    return copy;
  }

  it('decrypts what it encrypted', async () => {
    const sealed = await cipher.encrypt(plaintext, context);

    expect(new Uint8Array(await cipher.decrypt(sealed, context))).toEqual(plaintext);
  });

  it('decrypts a blob that sits inside a larger buffer (a driver may hand out a slice)', async () => {
    const sealed = await cipher.encrypt(plaintext, context);
    const larger = new Uint8Array(sealed.length + 10);
    larger.set(sealed, 5);

    expect(new Uint8Array(await cipher.decrypt(larger.subarray(5, 5 + sealed.length), context))).toEqual(plaintext);
  });

  it('uses a fresh nonce: the same plaintext encrypts differently each time', async () => {
    const a = await cipher.encrypt(plaintext, context);
    const b = await cipher.encrypt(plaintext, context);

    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a.subarray(9, 21)).equals(Buffer.from(b.subarray(9, 21)))).toBe(false);
  });

  it('lays out version 0x02 | master-key id (8) | nonce (12) | ciphertext | tag (16)', async () => {
    const sealed = await cipher.encrypt(plaintext, context);

    expect(sealed[0]).toBe(0x02);
    expect(Buffer.from(sealed.subarray(1, 9)).toString('hex')).toBe(cipher.keyId);
    expect(sealed.length).toBe(1 + 8 + 12 + plaintext.length + 16);
  });

  it('fails with KEY_DECRYPTION_FAILED under another master key', async () => {
    const sealed = await cipher.encrypt(plaintext, context);

    await expectDomainError(new AesGcmKeyCipher(randomBytes(32)).decrypt(sealed, context), 'KEY_DECRYPTION_FAILED');
  });

  it('fails with KEY_DECRYPTION_FAILED under another context', async () => {
    const sealed = await cipher.encrypt(plaintext, context);

    await expectDomainError(cipher.decrypt(sealed, bytes('signing_keys:kid=8')), 'KEY_DECRYPTION_FAILED');
  });

  it.each([
    ['the version byte', 0],
    ['the master-key id', 3],
    ['the nonce', 1 + 8 + 5],
    ['the ciphertext', 1 + 8 + 12 + 3],
    ['the tag', -1],
  ])('fails with KEY_DECRYPTION_FAILED when a bit of %s is flipped', async (_part, index) => {
    const sealed = await cipher.encrypt(plaintext, context);

    await expectDomainError(cipher.decrypt(flipped(sealed, index), context), 'KEY_DECRYPTION_FAILED');
  });

  it('fails with KEY_DECRYPTION_FAILED on a truncated blob', async () => {
    const sealed = await cipher.encrypt(plaintext, context);

    await expectDomainError(cipher.decrypt(sealed.subarray(0, 36), context), 'KEY_DECRYPTION_FAILED');
    await expectDomainError(cipher.decrypt(sealed.subarray(0, sealed.length - 1), context), 'KEY_DECRYPTION_FAILED');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => new AesGcmKeyCipher(randomBytes(16))).toThrow(/32-byte/);
  });
});

describe('masterKeyFromValue', () => {
  const raw = randomBytes(32);

  it('uses 64 hex digits as the key itself', () => {
    expect(masterKeyFromValue(raw.toString('hex'))).toEqual({ key: raw, source: 'env:raw' });
    expect(masterKeyFromValue(raw.toString('hex').toUpperCase()).key).toEqual(raw);
  });

  it('uses base64 and base64url of 32 bytes as the key itself', () => {
    expect(masterKeyFromValue(raw.toString('base64'))).toEqual({ key: raw, source: 'env:raw' });
    expect(masterKeyFromValue(raw.toString('base64url'))).toEqual({ key: raw, source: 'env:raw' });
    expect(masterKeyFromValue(`${raw.toString('base64')}\n`).key).toEqual(raw);
  });

  it('stretches anything else with scrypt: 32 bytes, deterministic, source env:kdf', () => {
    const derived = masterKeyFromValue('correct horse battery staple');

    expect(derived.source).toBe('env:kdf');
    expect(derived.key).toHaveLength(32);
    expect(masterKeyFromValue('correct horse battery staple').key).toEqual(derived.key);
    expect(masterKeyFromValue('correct horse battery stapler').key).not.toEqual(derived.key);
  });

  it('stretches base64 of a length other than 32 bytes, and 63 hex digits', () => {
    expect(masterKeyFromValue(randomBytes(24).toString('base64')).source).toBe('env:kdf');
    expect(masterKeyFromValue(raw.toString('hex').slice(1)).source).toBe('env:kdf');
  });

  it.each([[''], ['   '], ['\n']])('refuses the empty value %j', (value) => {
    expect(() => masterKeyFromValue(value)).toThrow(/empty/);
  });
});

describe('masterKeyFromFile', () => {
  let temp: ReturnType<typeof tempDir>;
  let dir: string;
  beforeAll(() => {
    temp = tempDir('master-key-');
    dir = temp.dir;
  });
  afterAll(() => temp.remove());

  it('creates a 0600 file with a new key once, then reads the same key back', () => {
    const path = join(dir, 'created');

    const generated = masterKeyFromFile(path);
    const content = readFileSync(path, 'utf8');
    const existing = masterKeyFromFile(path);

    expect(generated.source).toBe('file:generated');
    expect(generated.key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(isExposed(path)).toBe(false);
    expect(existing).toEqual({ key: generated.key, source: 'file:existing' });
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('never overwrites a key file that is already there', () => {
    const path = join(dir, 'existing');
    const key = randomBytes(32);
    writeFileSync(path, key.toString('base64'), { mode: 0o600 });

    expect(masterKeyFromFile(path)).toEqual({ key, source: 'file:existing' });
    expect(readFileSync(path, 'utf8')).toBe(key.toString('base64'));
  });

  it('throws on a file that does not hold a base64 32-byte key, and leaves it alone', () => {
    const path = join(dir, 'corrupt');
    writeFileSync(path, 'not a key at all', { mode: 0o600 });

    expect(() => masterKeyFromFile(path)).toThrow(/32-byte/);
    expect(readFileSync(path, 'utf8')).toBe('not a key at all');
  });

  it('reports a file readable by others as exposed', () => {
    const path = join(dir, 'exposed');
    masterKeyFromFile(path);
    chmodSync(path, 0o644);

    expect(isExposed(path)).toBe(true);
  });
});

// What every PasswordHasher and TokenSigner promises is in test/contracts/; here, what is Argon2's and RSA's own.
describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes to an Argon2id PHC string with the OWASP parameters and a random salt', async () => {
    const hash = await hasher.hash('correct horse');

    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await hasher.hash('correct horse')).not.toBe(hash);
  });
});

describe('JoseTokenSigner', () => {
  const signer = new JoseTokenSigner();
  let privateKey: Uint8Array;
  beforeAll(async () => {
    privateKey = await signer.generateKey();
  });

  it('generates a PKCS#8 RSA key of at least 2048 bits with exponent 65537', () => {
    const key = createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' });

    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
    expect(key.asymmetricKeyDetails?.publicExponent).toBe(65537n);
  });

  it('refuses a modulus shorter than 2048 bits', () => {
    expect(() => new JoseTokenSigner(1024)).toThrow(/2048/);
    expect(() => new JoseTokenSigner(2047)).toThrow(/2048/);
  });
});
