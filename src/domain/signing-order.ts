import type { KeyRevocation } from './signing-key.js';

/** What the signing order needs of a key: its id (ascending with creation), expiry and revocation. */
export interface KeyRecord {
  readonly kid: string;
  readonly exp: number;
  readonly revoked?: KeyRevocation | undefined;
}

/**
 * The key that signs at `now`, moving only forward (to higher kids, which are made later):
 *
 * - a key is *ready* once `signsFrom(exp) <= now` (its pre-publication is over) and until it expires;
 * - the newest ready key signs, unless it was revoked;
 * - when it was revoked (or no key is ready yet: the very first key, or after an outage in which every
 *   key expired), the oldest usable key newer than it signs at once: a compromised key is worse than a
 *   relying party's cache miss, and an unready key is better than no token at all.
 *
 * Undefined when no unexpired, unrevoked key newer than the newest ready one exists: make one. The
 * answer depends only on the keys and `now`, so every instance picks the same key.
 */
export function pickSigningKey<K extends KeyRecord>(keys: readonly K[], now: number, signsFrom: (exp: number) => number): K | undefined {
  const live = keys.filter((k) => k.exp > now).sort((a, b) => Number(a.kid) - Number(b.kid));
  const newestReady = live.filter((k) => signsFrom(k.exp) <= now).at(-1);
  if (newestReady && !newestReady.revoked) return newestReady;
  const floor = newestReady ? Number(newestReady.kid) : -Infinity;
  return live.find((k) => !k.revoked && Number(k.kid) > floor);
}
