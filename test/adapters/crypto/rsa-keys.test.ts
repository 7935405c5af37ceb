import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JoseTokenSigner } from '../../../src/adapters/crypto/jose-token-signer.js';
import { generateRsaKey, inCompletionOrder, prefetchRsaKeys, takePrefetchedRsaKey } from '../../../src/adapters/crypto/rsa-keys.js';

const bits = (key: Uint8Array) =>
  createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.modulusLength;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('prefetched RSA keys', () => {
  it('are handed out once each, and only for their size', async () => {
    prefetchRsaKeys(2, 3072);
    expect(takePrefetchedRsaKey(2048)).toBeUndefined();
    const [a, b] = [takePrefetchedRsaKey(3072), takePrefetchedRsaKey(3072)];
    expect(takePrefetchedRsaKey(3072)).toBeUndefined();
    const [keyA, keyB] = await Promise.all([a!, b!]);
    expect([bits(keyA), bits(keyB)]).toEqual([3072, 3072]);
    expect(same(keyA, keyB)).toBe(false);
  });

  it('are what a signer of their size generates first; then it makes its own', async () => {
    const early = await generateRsaKey(2048);
    prefetchRsaKeys(0, 2048); // creates the slot the executable fills before it loads the server (on globalThis: the bundle shares it)
    const slot = (globalThis as Record<symbol, Map<number, Promise<Uint8Array>[]>>)[Symbol.for('jwks-auth-server.prefetched-rsa-keys')]!;
    slot.set(2048, [Promise.resolve(early)]);
    const signer = new JoseTokenSigner(2048);

    expect(same(await signer.generateKey(), early)).toBe(true);
    const own = await signer.generateKey();
    expect(same(own, early)).toBe(false);
    expect(bits(own)).toBe(2048);
  });
});

describe('inCompletionOrder (how prefetched keys are handed out: the quickest first)', () => {
  it('settles its first promise with whichever settles first, and so on, failures included', async () => {
    const controls: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
    const work = Array.from({ length: 3 }, () => new Promise<string>((resolve, reject) => controls.push({ resolve, reject })));
    const [first, second, third] = inCompletionOrder(work);
    controls[2]!.resolve('started third, done first');
    expect(await first).toBe('started third, done first');
    controls[0]!.reject(new Error('started first, failed second'));
    await expect(second).rejects.toThrow('started first, failed second');
    controls[1]!.resolve('started second, done last');
    expect(await third).toBe('started second, done last');
  });
});
