import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import type { KeyCipher } from '../../domain/ports/key-cipher.js';

const FORMAT_V1 = 0x01; // version | nonce | ciphertext | tag: read only
const FORMAT_V2 = 0x02; // version | master-key id (8) | nonce | ciphertext | tag
const ID_BYTES = 8;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The public identifier of a master key: 8 bytes of SHA-256 over a label and the key, hex. It names the
 * key (in a blob's header, in a log line) without revealing it.
 */
export function masterKeyId(key: Uint8Array): string {
  return createHash('sha256').update('jwks-auth-server/master-key-id/v1\0').update(key).digest().subarray(0, ID_BYTES).toString('hex');
}

interface Known {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption, under one master key, reading also
 * under older ones (a rolling master-key rotation, an older passphrase derivation).
 *
 * Sealed layout: `0x02 | master-key id (8) | nonce (12) | ciphertext | tag (16)`; the header (version
 * and id) and the caller's context are the associated data, so a blob moved to another row, or a
 * header byte changed, fails to decrypt. Blobs of the first format, `0x01 | nonce | ciphertext | tag`
 * (no id; version and context authenticated), stay readable.
 */
export class AesGcmKeyCipher implements KeyCipher {
  private readonly primary: Known;
  private readonly known: Known[];
  private readonly pending: Array<() => Uint8Array>;
  private openedWithOlder = 0;

  /**
   * @param masterKey - seals, and reads.
   * @param readable - further keys accepted for reading only, derived on first need (a passphrase
   *   derivation is slow), in the order given.
   */
  constructor(masterKey: Uint8Array, readable: ReadonlyArray<() => Uint8Array> = []) {
    this.primary = known(masterKey);
    this.known = [this.primary];
    this.pending = [...readable];
  }

  /** How many blobs this cipher opened with a key other than its own (a previous key, a former derivation): `rekey` re-seals them. */
  get openedWithOlderKeys(): number {
    return this.openedWithOlder;
  }

  /** The identifier of the master key this cipher seals with. */
  get keyId(): string {
    return this.primary.id;
  }

  async encrypt(plaintext: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
    const header = Buffer.concat([Buffer.of(FORMAT_V2), Buffer.from(this.primary.id, 'hex')]);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.primary.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.concat([header, context]));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
  }

  async decrypt(sealed: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
    const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const headerBytes = blob[0] === FORMAT_V2 ? 1 + ID_BYTES : 1;
    if ((blob[0] !== FORMAT_V1 && blob[0] !== FORMAT_V2) || blob.length < headerBytes + NONCE_BYTES + TAG_BYTES) {
      throw new DomainError('KEY_DECRYPTION_FAILED', 'stored key is not in a known encrypted format');
    }
    const header = blob.subarray(0, headerBytes);
    if (blob[0] === FORMAT_V2) {
      const id = header.subarray(1).toString('hex');
      for (let i = 0, key; (key = this.keyAt(i)); i++) if (key.id === id) return this.opened(i, open(key, blob, header, context));
      throw new DomainError(
        'KEY_DECRYPTION_FAILED',
        `stored key was sealed by master key ${id}, which is neither this one (${this.primary.id}) nor one accepted for reading`,
      );
    }
    let failure: unknown;
    for (let i = 0, key; (key = this.keyAt(i)); i++) {
      try {
        return this.opened(i, open(key, blob, header, context));
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }

  private opened(index: number, plaintext: Uint8Array): Uint8Array {
    if (index > 0) this.openedWithOlder++;
    return plaintext;
  }

  // Derives pending keys only as far as needed: most blobs name the first key.
  private keyAt(index: number): Known | undefined {
    while (index >= this.known.length && this.pending.length > 0) this.known.push(known(this.pending.shift()!()));
    return this.known[index];
  }
}

function known(key: Uint8Array): Known {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte master key');
  return { id: masterKeyId(key), key: Buffer.from(key) };
}

function open(key: Known, blob: Buffer, header: Buffer, context: Uint8Array): Uint8Array {
  const start = header.length;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, blob.subarray(start, start + NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([header, context]));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(start + NONCE_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new DomainError('KEY_DECRYPTION_FAILED', 'stored key does not decrypt with this master key', { cause });
  }
}
