import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JoseTokenSigner } from '../../../src/adapters/crypto/jose-token-signer.js';
import { generateRsaKey, prefetchRsaKey, takePrefetchedRsaKey } from '../../../src/adapters/crypto/rsa-keys.js';

const bits = (key: Uint8Array) =>
  createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.modulusLength;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('prefetched RSA keys', () => {
  it('are handed out once each, and only for their size', async () => {
    prefetchRsaKey(3072);
    prefetchRsaKey(3072);
    expect(takePrefetchedRsaKey(2048)).toBeUndefined();
    const [a, b] = [takePrefetchedRsaKey(3072), takePrefetchedRsaKey(3072)];
    expect(takePrefetchedRsaKey(3072)).toBeUndefined();
    const [keyA, keyB] = await Promise.all([a!, b!]);
    expect([bits(keyA), bits(keyB)]).toEqual([3072, 3072]);
    expect(same(keyA, keyB)).toBe(false);
  });

  it('are what a signer of their size generates first; then it makes its own', async () => {
    const early = await generateRsaKey(2048);
    // the slot the executable fills before it loads the server (on globalThis: the bundle shares it)
    const SLOT = Symbol.for('jwks-auth-server.prefetched-rsa-keys');
    const globals = globalThis as Record<symbol, Map<number, Promise<Uint8Array>[]> | undefined>;
    (globals[SLOT] ??= new Map()).set(2048, [Promise.resolve(early)]);
    const signer = new JoseTokenSigner(2048);

    expect(same(await signer.generateKey(), early)).toBe(true);
    const own = await signer.generateKey();
    expect(same(own, early)).toBe(false);
    expect(bits(own)).toBe(2048);
  });
});
