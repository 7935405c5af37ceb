import type { TokenClaims, TokenSigner } from '../../src/domain/ports/token-signer.js';

/**
 * A {@link TokenSigner} whose `held`-th generated key (0: the first, a first start's signing key; 1: the
 * second, its expired key) is handed out only after `release()`, or fails with `fail(err)`: what a slow
 * RSA generation looks like to the code that waits for it.
 */
export class HeldKeySigner implements TokenSigner {
  release!: () => void;
  fail!: (err: Error) => void;
  /** How many keys have been asked for so far. */
  calls = 0;
  private readonly gate = new Promise<void>((done, reject) => ((this.release = done), (this.fail = reject)));

  constructor(
    private readonly inner: TokenSigner,
    private readonly held: number,
  ) {
    this.gate.catch(() => undefined); // a failure surfaces where the held key is awaited
  }

  async generateKey(): Promise<Uint8Array> {
    const held = this.calls++ === this.held;
    const key = await this.inner.generateKey();
    if (held) await this.gate;
    return key;
  }

  publicJwk(kid: string, privateKey: Uint8Array) {
    return this.inner.publicJwk(kid, privateKey);
  }

  sign(claims: TokenClaims, kid: string, privateKey: Uint8Array) {
    return this.inner.sign(claims, kid, privateKey);
  }
}
