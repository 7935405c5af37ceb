import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generateRsa = promisify(generateKeyPair);

/** A new RSA private key (exponent 65537) as PKCS#8 DER, generated off the main thread. */
export async function generateRsaKey(modulusLength: number): Promise<Uint8Array> {
  const { privateKey } = await generateRsa('rsa', {
    modulusLength,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return new Uint8Array(privateKey);
}

// On globalThis, not in this module: the executable (tsc's output) starts keys that the bundled server
// (its own copy of this module) takes.
const SLOT = Symbol.for('jwks-auth-server.prefetched-rsa-keys');
type Prefetched = Map<number, Promise<Uint8Array>[]>;
const slot = (): Prefetched => ((globalThis as Record<symbol, Prefetched | undefined>)[SLOT] ??= new Map());

/**
 * Starts generating `count` RSA keys now, for {@link takePrefetchedRsaKey}: a fresh server needs a
 * signing key (~0.1–0.8 s, random) before its first token, and can make it while it is still loading.
 * Several are handed out in the order they finish, so the first taker waits for the quickest, not for
 * the one that happened to start first.
 */
export function prefetchRsaKeys(count: number, modulusLength: number): void {
  const keys = inCompletionOrder(Array.from({ length: count }, () => generateRsaKey(modulusLength)));
  for (const key of keys) key.catch(() => undefined); // a failure surfaces when the key is taken
  slot().set(modulusLength, [...(slot().get(modulusLength) ?? []), ...keys]);
}

/** As many promises as `work`: the first settles as the first of `work` does, the second as the next does… */
export function inCompletionOrder<T>(work: readonly Promise<T>[]): Promise<T>[] {
  const waiting: { resolve: (value: T) => void; reject: (err: unknown) => void }[] = [];
  const ordered = work.map(() => new Promise<T>((resolve, reject) => waiting.push({ resolve, reject })));
  for (const w of work)
    w.then(
      (value) => waiting.shift()!.resolve(value),
      (err: unknown) => waiting.shift()!.reject(err),
    );
  return ordered;
}

/** A prefetched key of this size (the next to finish), each handed out once; undefined when none is left. */
export function takePrefetchedRsaKey(modulusLength: number): Promise<Uint8Array> | undefined {
  return slot().get(modulusLength)?.shift();
}
