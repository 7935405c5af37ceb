import { DomainError } from './errors.js';

/**
 * Timing rules for signing keys, all in seconds.
 *
 * - `tokenTtl`: lifetime of an issued token.
 * - `keyTtl`: lifetime of a signing key.
 * - `syncInterval`: how often every instance re-reads the key set (and so the longest a key
 *   created elsewhere stays unseen here).
 *
 * From these follow:
 * - `activationDelay` (2 × syncInterval): a new key is published at once but signs only after this
 *   delay, so every instance (and every JWKS it serves) already has it when its first token appears.
 * - `rotationLead` (tokenTtl + activationDelay + 2 × syncInterval): a new key is made once the newest
 *   key's remaining life drops below this, so the previous key can keep signing full-length tokens
 *   until the new one is active, and a token never outlives the key that signed it.
 */
export class KeyPolicy {
  readonly activationDelay: number;
  readonly rotationLead: number;
  /** How far in the past a freshly made "expired" key (for `?expired=true`) expires, seconds. */
  readonly expiredKeyAge = 3600;

  constructor(
    readonly tokenTtl: number,
    readonly keyTtl: number,
    readonly syncInterval: number,
  ) {
    for (const [name, value] of Object.entries({ tokenTtl, keyTtl, syncInterval })) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new DomainError('INVALID_INPUT', `${name} must be a positive whole number of seconds`);
      }
    }
    this.activationDelay = 2 * syncInterval;
    this.rotationLead = tokenTtl + this.activationDelay + 2 * syncInterval;
    if (keyTtl <= this.rotationLead) {
      throw new DomainError(
        'INVALID_INPUT',
        `key lifetime (${keyTtl}s) must exceed token lifetime + 4 × sync interval (${this.rotationLead}s)`,
      );
    }
  }

  /** When a key with this expiry was made (derived: the schema keeps only `exp`). */
  createdAt(exp: number): number {
    return exp - this.keyTtl;
  }

  /** True when, given the expiries of the stored keys, a new signing key should be made at `now`. */
  rotationDue(exps: readonly number[], now: number): boolean {
    return exps.length === 0 || Math.max(...exps) - now < this.rotationLead;
  }

  /** The expiry of an already expired key made at `now`. */
  expiredKeyExp(now: number): number {
    return now - this.expiredKeyAge;
  }

  /** True when none of the stored keys has expired at `now` (the `?expired=true` key is missing). */
  needsExpiredKey(exps: readonly number[], now: number): boolean {
    return !exps.some((exp) => exp <= now);
  }
}
