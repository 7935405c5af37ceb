/**
 * The Argon2 ceiling: how many verifications (or hashes) per second this process manages calling
 * argon2 directly, with the server's parameters, no HTTP, no database. `/auth` cannot beat it.
 */
import argon2 from 'argon2';
import { OWASP_ARGON2ID } from '../../src/adapters/crypto/argon2-password-hasher.js';
import type { LoadResult } from './load.js';

const PASSWORD = '3b241101-e2bb-4255-8caf-4136c566a962';
const options = { type: argon2.argon2id, hashLength: 32, ...OWASP_ARGON2ID };

let stored: Promise<string> | undefined;
/** A hash of the benchmark password with the server's parameters. */
export const storedHash = () => (stored ??= argon2.hash(PASSWORD, options));

/** Keeps `inFlight` argon2 operations running for `seconds`; latencies include queueing on the pool. */
export async function ceiling(kind: 'verify' | 'hash', seconds: number, inFlight: number): Promise<LoadResult> {
  const hash = await storedHash();
  const op = kind === 'verify' ? () => argon2.verify(hash, PASSWORD) : () => argon2.hash(PASSWORD, options);
  const latencies: number[] = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const lane = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      const result = await op();
      if (result === false) throw new Error('argon2.verify rejected the right password');
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = (performance.now() - t0) / 1000;
  return { rate: latencies.length / elapsed, ok: latencies.length, failed: 0, seconds: elapsed, latencies };
}
