/**
 * Authenticated symmetric encryption of key material at rest. `context` is bound to the ciphertext
 * (associated data): decrypting with another context fails.
 */
export interface KeyCipher {
  encrypt(plaintext: Uint8Array, context: Uint8Array): Promise<Uint8Array>;
  /** Throws `DomainError('KEY_DECRYPTION_FAILED')` on a wrong key, wrong context or tampering. */
  decrypt(sealed: Uint8Array, context: Uint8Array): Promise<Uint8Array>;
}
