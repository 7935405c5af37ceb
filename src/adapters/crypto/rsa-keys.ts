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
 * Starts generating an RSA key now, for {@link takePrefetchedRsaKey}: a fresh server needs a signing
 * key (~0.1–0.8 s, random) before its first token, and can make it while it is still loading.
 */
export function prefetchRsaKey(modulusLength: number): void {
  const key = generateRsaKey(modulusLength);
  key.catch(() => undefined); // a failure surfaces when the key is taken
  slot().set(modulusLength, [...(slot().get(modulusLength) ?? []), key]);
}

/** A prefetched key of this size (the first started), each handed out once; undefined when none is left. */
export function takePrefetchedRsaKey(modulusLength: number): Promise<Uint8Array> | undefined {
  return slot().get(modulusLength)?.shift();
}
