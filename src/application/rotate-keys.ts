import type { KeyPolicy } from '../domain/key-policy.js';
import { KeyRing } from '../domain/key-ring.js';
import type { Clock } from '../domain/ports/clock.js';
import type { KeyVault } from '../domain/ports/key-vault.js';
import type { TokenSigner } from '../domain/ports/token-signer.js';
import type { LoadedKey, NewSigningKey, SigningKey } from '../domain/signing-key.js';
import { toUnixSeconds } from '../domain/time.js';
import type { KeyRingHolder } from './key-ring-holder.js';

export interface RotateKeysDeps {
  vault: KeyVault;
  signer: TokenSigner;
  clock: Clock;
  policy: KeyPolicy;
  keys: KeyRingHolder;
}

export interface RotateKeysInput {
  /** Make a new signing key now even if none is due (it is pre-published like any other). */
  readonly force?: boolean;
}

export interface RotationResult {
  readonly ring: KeyRing;
  /** How many keys this call stored (0 when another instance, or nothing, was due). */
  readonly created: number;
  /** The kid of the signing key this call made, if it made one. */
  readonly newKid?: string;
  /** The kid that signs now, if any. */
  readonly signingKid: string | undefined;
}

/**
 * Reloads the stored keys into memory and, when due, makes new ones: a signing key once the policy
 * says a rotation is due (or when forced), and an already expired key when there is none (for
 * `?expired=true`). Safe to run from several instances at once: keys are generated outside the
 * vault's lock, and the need is re-checked inside it, so exactly one instance stores them.
 * Run at start and then every `policy.syncInterval` seconds.
 */
export class RotateKeys {
  constructor(private readonly deps: RotateKeysDeps) {}

  async execute(input: RotateKeysInput = {}): Promise<RotationResult> {
    const { vault, signer, clock, policy, keys } = this.deps;
    let stored = await vault.all();
    let created = 0;
    let newKid: string | undefined;
    const now = toUnixSeconds(clock.now());
    const wantSigning = input.force === true || policy.rotationDue(stored, now);
    const wantExpired = policy.needsExpiredKey(stored, now);
    if (wantSigning || wantExpired) {
      // RSA generation is slow (~0.4 s): do it before taking the lock, both at once.
      const [signing, expired] = await Promise.all([
        wantSigning ? signer.generateKey() : undefined,
        wantExpired ? signer.generateKey() : undefined,
      ]);
      const before = new Set(stored.map((k) => k.kid));
      stored = await vault.update((current) => {
        const at = toUnixSeconds(clock.now());
        const add: NewSigningKey[] = [];
        if (signing && (input.force === true || policy.rotationDue(current, at)))
          add.push({ exp: at + policy.keyTtl, privateKey: signing });
        if (expired && policy.needsExpiredKey(current, at)) add.push({ exp: policy.expiredKeyExp(at), privateKey: expired });
        created = add.length;
        return add;
      });
      newKid = stored.find((k) => !before.has(k.kid) && k.exp > now)?.kid;
    }
    const at = toUnixSeconds(clock.now());
    const ring = await this.load(stored, at);
    keys.replace(ring);
    return { ring, created, signingKid: ring.signingKey(at)?.key.kid, ...(newKid !== undefined && { newKid }) };
  }

  /** Builds the ring of what is worth holding: unexpired keys (revoked ones too: they decide the signing order) and the newest expired unrevoked one. */
  private async load(stored: readonly SigningKey[], now: number): Promise<KeyRing> {
    // a key's public half never changes: derive it once per kid, not on every sync
    const known = new Map((this.deps.keys.peek()?.keys ?? []).map((k) => [k.key.kid, k]));
    const live = stored.filter((k) => k.exp > now);
    const newestExpired = stored
      .filter((k) => k.exp <= now && !k.revoked)
      .sort((a, b) => a.exp - b.exp)
      .at(-1);
    const held = newestExpired ? [...live, newestExpired] : live;
    const loaded: LoadedKey[] = await Promise.all(
      held.map(async (key) => {
        const previous = known.get(key.kid);
        const jwk = previous?.key.exp === key.exp ? previous.jwk : await this.deps.signer.publicJwk(key.kid, key.privateKey);
        return { key, jwk };
      }),
    );
    return new KeyRing(loaded, this.deps.policy);
  }
}
