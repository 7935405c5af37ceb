import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TokenClaims, TokenSigner } from '../../domain/ports/token-signer.js';
import type { PublicJwk } from '../../domain/signing-key.js';
import { generateRsaKey, takePrefetchedRsaKey } from './rsa-keys.js';
const MAX_CACHED_KEYS = 32;

/**
 * RS256 tokens: RSA keys made by Node's crypto (off the main thread), JWTs signed by jose.
 * Imported keys are cached by content, so a key is parsed once, not per token (nor per key sync).
 */
export class JoseTokenSigner implements TokenSigner {
  /** Parsed keys by their PKCS#8 bytes; a handful live at once, so the oldest are simply dropped. */
  private readonly imported = new Map<string, KeyObject>();

  constructor(private readonly modulusLength = 2048) {
    if (modulusLength < 2048) throw new Error('RSA keys must be 2048 bits or larger');
  }

  /** A new key: one the process started early (`prefetchRsaKey`) if any is waiting. */
  generateKey(): Promise<Uint8Array> {
    return takePrefetchedRsaKey(this.modulusLength) ?? generateRsaKey(this.modulusLength);
  }

  async publicJwk(kid: string, privateKey: Uint8Array): Promise<PublicJwk> {
    const jwk = createPublicKey(this.keyObject(privateKey)).export({ format: 'jwk' });
    if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('not an RSA key');
    return { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: jwk.n, e: jwk.e };
  }

  async sign(claims: TokenClaims, kid: string, privateKey: Uint8Array): Promise<string> {
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(this.keyObject(privateKey));
  }

  private keyObject(privateKey: Uint8Array): KeyObject {
    const der = Buffer.from(privateKey.buffer, privateKey.byteOffset, privateKey.byteLength);
    const id = createHash('sha256').update(der).digest('base64url');
    let key = this.imported.get(id);
    if (!key) {
      key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      if (this.imported.size >= MAX_CACHED_KEYS) this.imported.delete(this.imported.keys().next().value!);
      this.imported.set(id, key);
    }
    return key;
  }
}
