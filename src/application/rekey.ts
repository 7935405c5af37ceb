import type { KeyCipher } from '../domain/ports/key-cipher.js';
import type { KeyVault } from '../domain/ports/key-vault.js';

export interface RekeyInput {
  /** Seals under the new master key. */
  readonly target: KeyCipher;
  /** Called after each key, e.g. to show progress. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Master-key rotation: re-encrypts every stored signing key under a new master key, all or nothing
 * (a failure or a kill part-way leaves every key readable with the old master key). Keys, kids and
 * expiries are unchanged, so the published JWKS stays byte-identical.
 */
export class Rekey {
  constructor(private readonly deps: { vault: KeyVault }) {}

  async execute(input: RekeyInput): Promise<{ readonly keys: number }> {
    return { keys: await this.deps.vault.reseal(input.target, input.onProgress) };
  }
}
