/** An RSA private signing key as the core sees it: opaque PKCS#8 bytes with an id and an expiry. */
export interface SigningKey {
  /** Key id: the database's integer kid, as a string (JWK `kid` must be a string). */
  readonly kid: string;
  /** Expiry, Unix seconds. */
  readonly exp: number;
  /** PKCS#8 DER encoding of the private key. Never logged, never leaves the process unencrypted. */
  readonly privateKey: Uint8Array;
  /** Set once the key was revoked: it is never published nor used to sign again. */
  readonly revoked?: KeyRevocation | undefined;
}

/** The record of a revoked key. */
export interface KeyRevocation {
  /** When, Unix seconds. */
  readonly at: number;
  /** Why, as the operator wrote it (free text, never a secret), or null. */
  readonly reason: string | null;
}

/** A key about to be stored: the vault assigns the kid. */
export interface NewSigningKey {
  readonly exp: number;
  readonly privateKey: Uint8Array;
}

/** The public half of a signing key as published in the JWKS (RFC 7517, 7518 §6.3). Every member is a string. */
export interface PublicJwk {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: 'RS256';
  readonly n: string;
  readonly e: string;
}

/** A signing key together with its public JWK, as held in memory. */
export interface LoadedKey {
  readonly key: SigningKey;
  readonly jwk: PublicJwk;
}
