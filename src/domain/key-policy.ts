import { KeyPolicyError } from './key-policy-error.js';
import { pickSigningKey, type KeyRecord } from './signing-order.js';

/**
 * The longest a common relying party waits before refetching a JWKS for an unknown `kid`, seconds:
 * jose's `createRemoteJWKSet` default `cooldownDuration` (jwks-rsa refetches at once by default).
 */
export const VERIFIER_REFETCH_COOLDOWN = 30;

/** Where a key stands in its life at some moment. */
export type KeyState = 'pending' | 'active' | 'retired' | 'revoked';

export { KeyPolicyError };

/** The timing settings of signing keys, all whole seconds. */
export interface KeyTimings {
  /** Lifetime of an issued token. */
  readonly tokenTtl: number;
  /** Lifetime of a signing key. */
  readonly keyTtl: number;
  /** How often every instance re-reads the key set: the longest a key made elsewhere stays unseen here. */
  readonly syncInterval: number;
  /** Upper bound of the JWKS `Cache-Control: max-age`. */
  readonly jwksMaxAge: number;
  /** How long a new key is published before it signs; default {@link KeyPolicy.defaultPrepublish}. */
  readonly prepublish?: number;
}

/**
 * Timing rules for signing keys (Unix seconds throughout).
 *
 * A new key is published `prepublish` seconds before it may sign: long enough for every instance to
 * serve it (`syncInterval`), for an HTTP cache honouring the JWKS max-age to refetch (`jwksMaxAge`),
 * and for a relying party that refetches on an unknown kid only after a cooldown to have done so.
 * A new key is made once the newest usable key has less than `rotationLead`
 * (`tokenTtl + prepublish + 2 × syncInterval`) left: so the previous key keeps signing full-length
 * tokens until the new one signs, and no token outlives the key that signed it.
 */
export class KeyPolicy {
  readonly tokenTtl: number;
  readonly keyTtl: number;
  readonly syncInterval: number;
  readonly jwksMaxAge: number;
  readonly prepublish: number;
  readonly rotationLead: number;
  /** How far in the past a freshly made "expired" key (for `?expired=true`) expires. */
  readonly expiredKeyAge = 3600;

  /** Throws a {@link KeyPolicyError} naming the first setting that breaks a rule. */
  constructor(timings: KeyTimings) {
    const { tokenTtl, keyTtl, syncInterval, jwksMaxAge } = timings;
    for (const [name, value] of Object.entries({ tokenTtl, keyTtl, syncInterval })) {
      if (!Number.isInteger(value) || value <= 0)
        throw new KeyPolicyError(name as keyof KeyTimings, 'must be a whole number of seconds, at least {bound}', 1);
    }
    if (!Number.isInteger(jwksMaxAge) || jwksMaxAge < 0)
      throw new KeyPolicyError('jwksMaxAge', 'must be a whole number of seconds, at least {bound}', 0);
    const prepublish = timings.prepublish ?? KeyPolicy.defaultPrepublish(syncInterval, jwksMaxAge);
    if (!Number.isInteger(prepublish) || prepublish < syncInterval + jwksMaxAge) {
      throw new KeyPolicyError(
        'prepublish',
        'must be a whole number of seconds, at least {syncInterval} + {jwksMaxAge} ({bound} s)',
        syncInterval + jwksMaxAge,
      );
    }
    const rotationLead = tokenTtl + prepublish + 2 * syncInterval;
    if (keyTtl <= rotationLead)
      throw new KeyPolicyError('keyTtl', 'must exceed {tokenTtl} + {prepublish} + 2 × {syncInterval} ({bound} s)', rotationLead);
    this.tokenTtl = tokenTtl;
    this.keyTtl = keyTtl;
    this.syncInterval = syncInterval;
    this.jwksMaxAge = jwksMaxAge;
    this.prepublish = prepublish;
    this.rotationLead = rotationLead;
  }

  /**
   * The default pre-publication: `syncInterval + jwksMaxAge + 30`. Every instance serves a new key
   * within `syncInterval`; a cached copy of the set from before is stale within `jwksMaxAge`; and a
   * relying party refetching on an unknown kid after {@link VERIFIER_REFETCH_COOLDOWN} (jose's default)
   * has done so, even behind such a cache.
   */
  static defaultPrepublish(syncInterval: number, jwksMaxAge: number): number {
    return syncInterval + jwksMaxAge + VERIFIER_REFETCH_COOLDOWN;
  }

  /** When a key with this expiry was made (derived: the schema keeps only `exp`). */
  createdAt(exp: number): number {
    return exp - this.keyTtl;
  }

  /**
   * The first whole second at which a key with this expiry may sign: strictly after its creation +
   * `prepublish` (creation is known only to the second, rounded down).
   */
  signsFrom(exp: number): number {
    return this.createdAt(exp) + this.prepublish + 1;
  }

  /** The key that signs at `now` among `keys`: see {@link pickSigningKey}. */
  signingKey<K extends KeyRecord>(keys: readonly K[], now: number): K | undefined {
    return pickSigningKey(keys, now, (exp) => this.signsFrom(exp));
  }

  /**
   * True when a new signing key should be made at `now`: the newest usable (unrevoked) key has less
   * than `rotationLead` left, or no key may sign (none yet, or the signing key was revoked with no
   * successor).
   */
  rotationDue(keys: readonly KeyRecord[], now: number): boolean {
    const dueAt = this.rotationDueAt(keys);
    return dueAt === undefined || now > dueAt || this.signingKey(keys, now) === undefined;
  }

  /**
   * When the next rotation falls due by age: `rotationLead` before the newest usable (unrevoked) key
   * expires (due strictly after it). Undefined when there is no usable key (a rotation is due now).
   */
  rotationDueAt(keys: readonly KeyRecord[]): number | undefined {
    const exps = keys.filter((k) => !k.revoked).map((k) => k.exp);
    return exps.length === 0 ? undefined : Math.max(...exps) - this.rotationLead;
  }

  /**
   * Where `key` stands at `now`, given the key that signs then: `pending` (published, not signing yet),
   * `active` (published; signs, or has signed), `retired` (expired, kept for `?expired=true` and audit)
   * or `revoked`.
   */
  stateOf(key: KeyRecord, signing: KeyRecord | undefined, now: number): KeyState {
    if (key.revoked) return 'revoked';
    if (key.exp <= now) return 'retired';
    const ready = this.signsFrom(key.exp) <= now;
    return ready || (signing !== undefined && Number(signing.kid) >= Number(key.kid)) ? 'active' : 'pending';
  }

  /** The expiry of an already expired key made at `now`. */
  expiredKeyExp(now: number): number {
    return now - this.expiredKeyAge;
  }

  /** True when no unrevoked stored key has expired at `now` (the `?expired=true` key is missing). */
  needsExpiredKey(keys: readonly KeyRecord[], now: number): boolean {
    return !keys.some((k) => k.exp <= now && !k.revoked);
  }
}
