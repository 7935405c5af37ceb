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

export interface RotationResult {
  readonly ring: KeyRing;
  /** How many keys this call stored (0 when another instance, or nothing, was due). */
  readonly created: number;
}

/**
 * Reloads the stored keys into memory and, when due, makes new ones: a signing key once the newest
 * key's remaining life drops below the policy's rotation lead, and an already expired key when there
 * is none (for `?expired=true`). Safe to run from several instances at once: keys are generated
 * outside the vault's lock, and the need is re-checked inside it, so exactly one instance stores them.
 * Run at start and then every `policy.syncInterval` seconds.
 */
export class RotateKeys {
  constructor(private readonly deps: RotateKeysDeps) {}

  async execute(): Promise<RotationResult> {
    const { vault, signer, clock, policy, keys } = this.deps;
    let stored = await vault.all();
    let created = 0;
    const now = toUnixSeconds(clock.now());
    const exps = stored.map((k) => k.exp);
    const wantSigning = policy.rotationDue(exps, now);
    const wantExpired = policy.needsExpiredKey(exps, now);
    if (wantSigning || wantExpired) {
      // RSA generation is slow (~0.4 s): do it before taking the lock, both at once.
      const [signing, expired] = await Promise.all([
        wantSigning ? signer.generateKey() : undefined,
        wantExpired ? signer.generateKey() : undefined,
      ]);
      stored = await vault.update((current) => {
        const at = toUnixSeconds(clock.now());
        const currentExps = current.map((k) => k.exp);
        const add: NewSigningKey[] = [];
        if (signing && policy.rotationDue(currentExps, at)) add.push({ exp: at + policy.keyTtl, privateKey: signing });
        if (expired && policy.needsExpiredKey(currentExps, at)) add.push({ exp: policy.expiredKeyExp(at), privateKey: expired });
        created = add.length;
        return add;
      });
    }
    const ring = await this.load(stored, toUnixSeconds(clock.now()));
    keys.replace(ring);
    return { ring, created };
  }

  /** Builds the ring of what is worth holding: unexpired keys and the newest expired one. */
  private async load(stored: readonly SigningKey[], now: number): Promise<KeyRing> {
    // a key's public half never changes: derive it once per kid, not on every sync
    const known = new Map((this.deps.keys.peek()?.keys ?? []).map((k) => [k.key.kid, k]));
    const live = stored.filter((k) => k.exp > now);
    const newestExpired = stored
      .filter((k) => k.exp <= now)
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
