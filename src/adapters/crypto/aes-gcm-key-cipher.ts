import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import type { KeyCipher } from '../../domain/ports/key-cipher.js';

const FORMAT_V1 = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption.
 * Sealed layout: `version (1 byte, 0x01) | nonce (12) | ciphertext | tag (16)`. The version byte and
 * the caller's context are the associated data, so a blob moved to another row, or a version byte
 * changed, fails to decrypt.
 */
export class AesGcmKeyCipher implements KeyCipher {
  private readonly key: Buffer;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== 32) throw new Error('AES-256-GCM needs a 32-byte master key');
    this.key = Buffer.from(masterKey);
  }

  async encrypt(plaintext: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(FORMAT_V1, context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT_V1), nonce, body, cipher.getAuthTag()]);
  }

  async decrypt(sealed: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
    const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (blob.length < 1 + NONCE_BYTES + TAG_BYTES || blob[0] !== FORMAT_V1) {
      throw new DomainError('KEY_DECRYPTION_FAILED', 'stored key is not in a known encrypted format');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, blob.subarray(1, 1 + NONCE_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(FORMAT_V1, context));
      decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
      return Buffer.concat([decipher.update(blob.subarray(1 + NONCE_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
    } catch (cause) {
      throw new DomainError('KEY_DECRYPTION_FAILED', 'stored key does not decrypt with this master key', { cause });
    }
  }
}

function associatedData(version: number, context: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(version), context]);
}
