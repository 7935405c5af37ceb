import type { PublicJwk } from '../signing-key.js';

/** Claims of an issued token (RFC 7519). Times are Unix seconds. */
export interface TokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud?: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  readonly username: string;
}

/** The token algorithm: key generation, public-key export and signing. */
export interface TokenSigner {
  /** A new private key (RSA-2048 or larger), PKCS#8 DER. */
  generateKey(): Promise<Uint8Array>;
  /** The public JWK of a private key. */
  publicJwk(kid: string, privateKey: Uint8Array): Promise<PublicJwk>;
  /** A compact JWS with header `{alg, kid, typ: "JWT"}`. */
  sign(claims: TokenClaims, kid: string, privateKey: Uint8Array): Promise<string>;
}
