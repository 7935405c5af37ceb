/**
 * The Argon2 ceiling: how many verifications (or hashes) per second this process manages with the
 * server's own hasher (its thread pool, one thread per core) and parameters, no HTTP, no database.
 * `/auth` cannot beat it.
 */
import { Argon2PasswordHasher, OWASP_ARGON2ID } from '../../src/adapters/crypto/argon2-password-hasher.js';
import type { LoadResult } from './load.js';

const PASSWORD = '3b241101-e2bb-4255-8caf-4136c566a962';
const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID);

let stored: Promise<string> | undefined;
/** A hash of the benchmark password with the server's parameters. */
export const storedHash = () => (stored ??= hasher.hash(PASSWORD));

/** Keeps `inFlight` Argon2 operations running for `seconds`; latencies include the wait for a thread. */
export async function ceiling(kind: 'verify' | 'hash', seconds: number, inFlight: number): Promise<LoadResult> {
  const hash = await storedHash();
  return keepBusy(kind === 'verify' ? () => hasher.verify(hash, PASSWORD) : () => hasher.hash(PASSWORD), seconds, inFlight);
}

type NodeArgon2 = typeof import('argon2');
let former: Promise<NodeArgon2 | undefined> | undefined;
/** The node-argon2 package, or undefined when it is not installed. */
export const formerHasher = () =>
  (former ??= import('argon2').then(
    (m) => m.default,
    () => undefined,
  ));

/**
 * The same ceiling with the hasher the server used before (the node-argon2 package, on libuv's pool),
 * with the same parameters: what the switch to @node-rs/argon2 on a pool of its own bought.
 */
export async function formerCeiling(kind: 'verify' | 'hash', seconds: number, inFlight: number): Promise<LoadResult> {
  const argon2 = await formerHasher();
  if (!argon2) throw new Error('the former hasher (the argon2 package) is not installed');
  const options = { type: argon2.argon2id, hashLength: 32, ...OWASP_ARGON2ID };
  const hash = await argon2.hash(PASSWORD, options);
  return keepBusy(kind === 'verify' ? () => argon2.verify(hash, PASSWORD) : () => argon2.hash(PASSWORD, options), seconds, inFlight);
}

async function keepBusy(op: () => Promise<string | boolean>, seconds: number, inFlight: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const lane = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      const result = await op();
      if (result === false) throw new Error('the hasher rejected the right password');
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = (performance.now() - t0) / 1000;
  return { rate: latencies.length / elapsed, ok: latencies.length, failed: 0, seconds: elapsed, latencies };
}
