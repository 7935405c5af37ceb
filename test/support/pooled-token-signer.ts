import { JoseTokenSigner } from '../../src/adapters/crypto/jose-token-signer.js';
import type { TokenClaims, TokenSigner } from '../../src/domain/ports/token-signer.js';
import type { PublicJwk } from '../../src/domain/signing-key.js';

/**
 * RSA keys generated once per test file (RSA generation costs ~0.4 s a key), handed out by
 * {@link PooledTokenSigner}s. Create it in a `beforeAll`.
 */
export class RsaKeyPool {
  private constructor(
    private readonly real: JoseTokenSigner,
    private readonly keys: readonly Uint8Array[],
  ) {}

  static async generate(size: number): Promise<RsaKeyPool> {
    const real = new JoseTokenSigner();
    return new RsaKeyPool(real, await Promise.all(Array.from({ length: size }, () => real.generateKey())));
  }

  /**
   * A fresh signer that hands out the pool's keys from the first one. Signers of one pool share key
   * material, so give each independent key store (each test) its own signer, and every instance
   * sharing one store the same signer.
   */
  signer(options: { cycle?: boolean } = {}): PooledTokenSigner {
    return new PooledTokenSigner(this.real, this.keys, options.cycle === true);
  }
}

/**
 * The real {@link JoseTokenSigner}, except that `generateKey` hands out pre-generated keys: each one
 * once, as a fresh copy; when they run out it generates for real, so a small pool only costs time.
 */
export class PooledTokenSigner implements TokenSigner {
  /** How many keys `generateKey` has handed out. */
  generated = 0;

  constructor(
    private readonly real: JoseTokenSigner,
    private readonly pool: readonly Uint8Array[],
    /** Hand the pool's keys out again and again (for tests of key timing, where key material does not matter). */
    private readonly cycle = false,
  ) {}

  async generateKey(): Promise<Uint8Array> {
    const index = this.generated++;
    const pooled = this.pool[this.cycle ? index % this.pool.length : index];
    return pooled ? new Uint8Array(pooled) : this.real.generateKey();
  }

  publicJwk(kid: string, privateKey: Uint8Array): Promise<PublicJwk> {
    return this.real.publicJwk(kid, privateKey);
  }

  sign(claims: TokenClaims, kid: string, privateKey: Uint8Array): Promise<string> {
    return this.real.sign(claims, kid, privateKey);
  }
}
