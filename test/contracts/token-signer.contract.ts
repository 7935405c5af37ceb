import { createPrivateKey, createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenClaims, TokenSigner } from '../../src/domain/ports/token-signer.js';
import type { PublicJwk } from '../../src/domain/signing-key.js';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const claims = (extra: Partial<TokenClaims> = {}): TokenClaims => ({
  iss: 'https://auth.test',
  sub: '1',
  iat: NOW,
  exp: NOW + 3_600,
  jti: 'j-1',
  username: 'alice',
  ...extra,
});

/** Verifies `token` as a relying party would: with jose, against the published JWK. */
async function verified(token: string, jwk: PublicJwk) {
  const key = await importJWK({ ...jwk }, 'RS256');
  return jwtVerify(token, key, { currentDate: new Date(NOW * 1000), algorithms: ['RS256'] });
}

/**
 * The behaviour every {@link TokenSigner} must have: keys a relying party can use through the JWKS,
 * tokens that verify with jose against the published JWK and with no other. `make` may hand out the
 * same signer to every test; it is asked for three keys in all.
 */
export function tokenSignerContract(name: string, make: () => Promise<TokenSigner>): void {
  describe(`TokenSigner contract: ${name}`, () => {
    let signer: TokenSigner;
    let keyA: Uint8Array;
    let keyB: Uint8Array;
    beforeAll(async () => {
      signer = await make();
      keyA = await signer.generateKey();
      keyB = await signer.generateKey();
    });

    it('generates PKCS#8 RSA keys of at least 2048 bits, a different one each time', async () => {
      const keyC = await signer.generateKey();
      for (const key of [keyA, keyB, keyC]) {
        const parsed = createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
        expect(parsed.asymmetricKeyType).toBe('rsa');
        expect(parsed.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
      }
      const distinct = new Set([keyA, keyB, keyC].map((key) => Buffer.from(key).toString('base64')));
      expect(distinct.size).toBe(3);
    });

    it('exports the public JWK of exactly the public members, all strings, matching the private key', async () => {
      const jwk = await signer.publicJwk('7', keyA);
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(Object.values(jwk).every((value) => typeof value === 'string')).toBe(true);
      expect(jwk).toMatchObject({ kty: 'RSA', kid: '7', use: 'sig', alg: 'RS256' });
      const expected = createPublicKey(createPrivateKey({ key: Buffer.from(keyA), format: 'der', type: 'pkcs8' })).export({
        format: 'jwk',
      });
      expect({ n: jwk.n, e: jwk.e }).toEqual({ n: expected.n, e: expected.e });
    });

    it('signs a compact JWS with header {alg, kid, typ: "JWT"} that verifies with the published JWK', async () => {
      const token = await signer.sign(claims(), '7', keyA);
      expect(token.split('.')).toHaveLength(3);
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: '7', typ: 'JWT' });
      const { payload, protectedHeader } = await verified(token, await signer.publicJwk('7', keyA));
      expect(payload).toEqual(claims());
      expect(protectedHeader.kid).toBe('7');
    });

    it('round-trips every claim: an audience when given, none when not, and a Unicode username', async () => {
      const withAud = claims({ aud: 'https://api.test', username: 'ålice 🔑 アリス', jti: 'j-2' });
      const jwk = await signer.publicJwk('7', keyA);
      expect((await verified(await signer.sign(withAud, '7', keyA), jwk)).payload).toEqual(withAud);
      expect((await verified(await signer.sign(claims(), '7', keyA), jwk)).payload).not.toHaveProperty('aud');
    });

    it('does not verify with another key', async () => {
      const token = await signer.sign(claims(), '7', keyA);
      await expect(verified(token, await signer.publicJwk('7', keyB))).rejects.toThrow(/signature verification failed/);
    });

    it('keeps keys apart: tokens signed in turn with two keys each verify with their own JWK only', async () => {
      const [jwkA, jwkB] = [await signer.publicJwk('1', keyA), await signer.publicJwk('2', keyB)];
      const tokenA = await signer.sign(claims({ jti: 'a' }), '1', keyA);
      const tokenB = await signer.sign(claims({ jti: 'b' }), '2', keyB);
      const tokenA2 = await signer.sign(claims({ jti: 'a2' }), '1', new Uint8Array(keyA)); // same key, other bytes object
      expect((await verified(tokenA, jwkA)).payload.jti).toBe('a');
      expect((await verified(tokenB, jwkB)).payload.jti).toBe('b');
      expect((await verified(tokenA2, jwkA)).payload.jti).toBe('a2');
      await expect(verified(tokenB, jwkA)).rejects.toThrow();
      expect(jwkA.n).not.toBe(jwkB.n);
    });

    it('refuses bytes that are not a PKCS#8 RSA key', async () => {
      const junk = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
      await expect((async () => signer.publicJwk('7', junk))()).rejects.toThrow();
      await expect((async () => signer.sign(claims(), '7', junk))()).rejects.toThrow();
    });
  });
}
