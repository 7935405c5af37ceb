import type { KeyPolicy } from './key-policy.js';
import type { LoadedKey, PublicJwk } from './signing-key.js';

/**
 * An immutable snapshot of every known signing key, with the rules that pick from it.
 * Pure: all answers depend only on the keys, the policy and the `now` passed in (Unix seconds).
 */
export class KeyRing {
  private readonly byExp: readonly LoadedKey[];

  constructor(
    readonly keys: readonly LoadedKey[],
    private readonly policy: KeyPolicy,
  ) {
    this.byExp = [...keys].sort((a, b) => a.key.exp - b.key.exp || Number(a.key.kid) - Number(b.key.kid));
  }

  /** Unexpired keys, oldest first: what the JWKS publishes. */
  published(now: number): LoadedKey[] {
    return this.byExp.filter((k) => k.key.exp > now);
  }

  /** Public JWKs of {@link published}. */
  publicJwks(now: number): PublicJwk[] {
    return this.published(now).map((k) => k.jwk);
  }

  /**
   * The key that signs new tokens: the newest unexpired key whose activation delay has passed,
   * or, when none has (the very first key), the newest unexpired key. Undefined when all expired.
   */
  signingKey(now: number): LoadedKey | undefined {
    const live = this.published(now);
    // strictly after: creation is known only to the second (rounded down), so `<=` could come up to 1 s early
    const active = live.filter((k) => this.policy.createdAt(k.key.exp) + this.policy.activationDelay < now);
    return active.at(-1) ?? live.at(-1);
  }

  /** The most recently expired key (for `?expired=true`), if any. */
  expiredKey(now: number): LoadedKey | undefined {
    return this.byExp.filter((k) => k.key.exp <= now).at(-1);
  }

  /**
   * Seconds until the published key set can next change: a key expires or a rotation falls due.
   * 0 when a change is already due.
   */
  secondsUntilChange(now: number): number {
    const newest = this.byExp.at(-1);
    if (newest === undefined) return 0;
    const nextExpiry = this.published(now)[0]?.key.exp ?? now;
    const nextRotation = newest.key.exp - this.policy.rotationLead;
    return Math.max(0, Math.min(nextExpiry, nextRotation) - now);
  }

  /** The expiry a token issued now with `key` gets: never later than the key's own expiry. */
  tokenExpiry(key: LoadedKey, now: number): number {
    return Math.min(now + this.policy.tokenTtl, key.key.exp);
  }
}
