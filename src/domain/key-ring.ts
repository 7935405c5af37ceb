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

  /** Unexpired, unrevoked keys, oldest first: what the JWKS publishes. */
  published(now: number): LoadedKey[] {
    return this.byExp.filter((k) => k.key.exp > now && !k.key.revoked);
  }

  /** Public JWKs of {@link published}. */
  publicJwks(now: number): PublicJwk[] {
    return this.published(now).map((k) => k.jwk);
  }

  /** The key that signs new tokens (see {@link KeyPolicy.signingKey}); undefined when none may. */
  signingKey(now: number): LoadedKey | undefined {
    const record = this.policy.signingKey(
      this.keys.map((k) => k.key),
      now,
    );
    return this.keys.find((k) => k.key === record);
  }

  /** The most recently expired unrevoked key (for `?expired=true`), if any. */
  expiredKey(now: number): LoadedKey | undefined {
    return this.byExp.filter((k) => k.key.exp <= now && !k.key.revoked).at(-1);
  }

  /**
   * Seconds until the published key set can next change by itself: a key expires or a rotation
   * falls due. 0 when a change is already due. (A revocation is not foreseeable.)
   */
  secondsUntilChange(now: number): number {
    const records = this.keys.map((k) => k.key);
    if (this.policy.rotationDue(records, now)) return 0;
    const newestExp = Math.max(...records.filter((k) => !k.revoked).map((k) => k.exp));
    const nextExpiry = this.published(now)[0]?.key.exp ?? now;
    const nextRotation = newestExp - this.policy.rotationLead;
    return Math.max(0, Math.min(nextExpiry, nextRotation) - now);
  }

  /** The expiry a token issued now with `key` gets: never later than the key's own expiry. */
  tokenExpiry(key: LoadedKey, now: number): number {
    return Math.min(now + this.policy.tokenTtl, key.key.exp);
  }
}
