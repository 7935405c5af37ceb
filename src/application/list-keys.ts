import type { KeyPolicy, KeyState } from '../domain/key-policy.js';
import type { Clock } from '../domain/ports/clock.js';
import type { KeyVault } from '../domain/ports/key-vault.js';
import { toUnixSeconds } from '../domain/time.js';

/** One stored key as an operator sees it. Times are Unix seconds; no key material. */
export interface KeyListing {
  readonly kid: string;
  readonly state: KeyState;
  /** True for the one key that signs new tokens now. */
  readonly signing: boolean;
  /** Derived from the expiry and the configured `keyTtl` (the schema keeps only `exp`). */
  readonly createdAt: number;
  /** When its pre-publication ends (a replacement for a revoked key may sign earlier). */
  readonly signsFrom: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly revocationReason: string | null;
}

/** Every stored key, oldest first, with its state at the clock's now. */
export class ListKeys {
  constructor(private readonly deps: { vault: KeyVault; policy: KeyPolicy; clock: Clock }) {}

  async execute(): Promise<KeyListing[]> {
    const { vault, policy, clock } = this.deps;
    const now = toUnixSeconds(clock.now());
    const stored = await vault.all();
    const signing = policy.signingKey(stored, now);
    return stored
      .sort((a, b) => Number(a.kid) - Number(b.kid))
      .map((key) => ({
        kid: key.kid,
        state: policy.stateOf(key, signing, now),
        signing: key === signing,
        createdAt: policy.createdAt(key.exp),
        signsFrom: policy.signsFrom(key.exp),
        expiresAt: key.exp,
        revokedAt: key.revoked?.at ?? null,
        revocationReason: key.revoked?.reason ?? null,
      }));
  }
}
