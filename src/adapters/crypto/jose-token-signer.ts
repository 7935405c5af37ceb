import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import type { TokenClaims, TokenSigner } from '../../domain/ports/token-signer.js';
import type { PublicJwk } from '../../domain/signing-key.js';

const generateRsa = promisify(generateKeyPair);

/**
 * RS256 tokens: RSA keys made by Node's crypto (off the main thread), JWTs signed by jose.
 * Imported keys are cached per key object, so a key is parsed once, not per token.
 */
export class JoseTokenSigner implements TokenSigner {
  private readonly imported = new WeakMap<Uint8Array, KeyObject>();

  constructor(private readonly modulusLength = 2048) {
    if (modulusLength < 2048) throw new Error('RSA keys must be 2048 bits or larger');
  }

  async generateKey(): Promise<Uint8Array> {
    const { privateKey } = await generateRsa('rsa', {
      modulusLength: this.modulusLength,
      publicExponent: 0x10001,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    });
    return new Uint8Array(privateKey);
  }

  async publicJwk(kid: string, privateKey: Uint8Array): Promise<PublicJwk> {
    const jwk = createPublicKey(this.keyObject(privateKey)).export({ format: 'jwk' });
    if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('not an RSA key');
    return { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: jwk.n, e: jwk.e };
  }

  sign(claims: TokenClaims, kid: string, privateKey: Uint8Array): Promise<string> {
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(this.keyObject(privateKey));
  }

  private keyObject(privateKey: Uint8Array): KeyObject {
    let key = this.imported.get(privateKey);
    if (!key) {
      key = createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' });
      this.imported.set(privateKey, key);
    }
    return key;
  }
}
