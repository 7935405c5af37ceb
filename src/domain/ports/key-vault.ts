import type { NewSigningKey, SigningKey } from '../signing-key.js';

/** Storage of signing keys, encrypted at rest by the implementation. */
export interface KeyVault {
  /**
   * Every stored key, decrypted, in kid order.
   * Throws `DomainError('KEY_DECRYPTION_FAILED')` when any stored key does not decrypt (wrong master
   * key, tampering); it never deletes or rewrites what it cannot read.
   */
  all(): Promise<SigningKey[]>;
  /**
   * Atomic read-modify-write, serialised across every process sharing the store: `plan` gets the
   * keys stored right now and returns those to add (possibly none). Returns every stored key after.
   */
  update(plan: (stored: readonly SigningKey[]) => readonly NewSigningKey[]): Promise<SigningKey[]>;
}
