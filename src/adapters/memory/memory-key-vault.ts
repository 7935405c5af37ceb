import { DomainError } from '../../domain/errors.js';
import type { KeyCipher } from '../../domain/ports/key-cipher.js';
import type { KeyVault } from '../../domain/ports/key-vault.js';
import type { KeyRevocation, NewSigningKey, SigningKey } from '../../domain/signing-key.js';
import { Mutex } from './mutex.js';

/** {@link KeyVault} in process memory (nothing at rest, so nothing to encrypt): for tests and embedding. */
export class MemoryKeyVault implements KeyVault {
  private readonly keys: SigningKey[] = [];
  private readonly revocations = new Map<string, KeyRevocation>();
  private readonly mutex = new Mutex();
  private nextKid = 1;

  async all(): Promise<SigningKey[]> {
    return this.snapshot();
  }

  update(plan: (stored: readonly SigningKey[]) => readonly NewSigningKey[]): Promise<SigningKey[]> {
    return this.mutex.run(() => {
      for (const key of plan(this.snapshot())) this.keys.push({ exp: key.exp, privateKey: key.privateKey, kid: String(this.nextKid++) });
      return this.snapshot();
    });
  }

  revoke(kid: string, revocation: KeyRevocation): Promise<boolean> {
    return this.mutex.run(() => {
      if (!this.keys.some((k) => k.kid === kid)) throw new DomainError('NOT_FOUND', `no stored key has kid ${JSON.stringify(kid)}`);
      if (this.revocations.has(kid)) return false;
      this.revocations.set(kid, { at: revocation.at, reason: revocation.reason });
      return true;
    });
  }

  /** Nothing is encrypted in memory: counts the keys a store at rest would re-encrypt. */
  reseal(_target: KeyCipher, onProgress?: (done: number, total: number) => void): Promise<number> {
    return this.mutex.run(() => {
      this.keys.forEach((_, i) => onProgress?.(i + 1, this.keys.length));
      return this.keys.length;
    });
  }

  private snapshot(): SigningKey[] {
    return this.keys.map((k) => {
      const revoked = this.revocations.get(k.kid);
      return revoked ? { ...k, revoked } : k;
    });
  }
}
