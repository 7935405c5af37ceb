import type { KeyVault } from '../../domain/ports/key-vault.js';
import type { NewSigningKey, SigningKey } from '../../domain/signing-key.js';
import { Mutex } from './mutex.js';

/** {@link KeyVault} in process memory (nothing at rest, so nothing to encrypt): for tests and embedding. */
export class MemoryKeyVault implements KeyVault {
  private readonly keys: SigningKey[] = [];
  private readonly mutex = new Mutex();
  private nextKid = 1;

  async all(): Promise<SigningKey[]> {
    return [...this.keys];
  }

  update(plan: (stored: readonly SigningKey[]) => readonly NewSigningKey[]): Promise<SigningKey[]> {
    return this.mutex.run(() => {
      for (const key of plan([...this.keys])) this.keys.push({ ...key, kid: String(this.nextKid++) });
      return [...this.keys];
    });
  }
}
