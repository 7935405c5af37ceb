import type { KeyRevocation, NewSigningKey, SigningKey } from '../signing-key.js';
import type { KeyCipher } from './key-cipher.js';

/** Storage of signing keys, encrypted at rest by the implementation, and of their revocations. */
export interface KeyVault {
  /**
   * Every stored key, decrypted, with its revocation if any, in kid order.
   * Throws `DomainError('KEY_DECRYPTION_FAILED')` when any stored key does not decrypt (wrong master
   * key, tampering); it never deletes or rewrites what it cannot read.
   */
  all(): Promise<SigningKey[]>;
  /**
   * Atomic read-modify-write, serialised across every process sharing the store: `plan` gets the
   * keys stored right now and returns those to add (possibly none). Returns every stored key after.
   */
  update(plan: (stored: readonly SigningKey[]) => readonly NewSigningKey[]): Promise<SigningKey[]>;
  /**
   * Records that the key `kid` is revoked, durably and serialised with {@link update}. Returns false
   * (and keeps the first record) when it was already revoked. Throws `DomainError('NOT_FOUND')` for a
   * kid that is not stored.
   */
  revoke(kid: string, revocation: KeyRevocation): Promise<boolean>;
  /**
   * Re-encrypts every stored key under `target`, all or nothing: until it resolves, and if it fails or
   * the process dies part-way, every key stays as it was. Reports progress after each key. Returns how
   * many keys it re-encrypted.
   */
  reseal(target: KeyCipher, onProgress?: (done: number, total: number) => void): Promise<number>;
}
