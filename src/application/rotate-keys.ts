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
  /**
   * Return once the signing key is stored, then generate the expired key (for `?expired=true`) and
   * store it, in {@link RotationResult.expiredKeyStored}: a first start serves sooner, as RSA
   * generation takes 0.1–0.8 s at random, and makes one key at a time. Meanwhile the holder's
   * {@link KeyRingHolder.settled} waits for it, so a request for an expired token does not fail in
   * that window.
   */
  readonly expiredKeyLater?: boolean;
}

export interface RotationResult {
  readonly ring: KeyRing;
  /** How many keys this call stored (0 when another instance, or nothing, was due). */
  readonly created: number;
  /** The kid of the signing key this call made, if it made one. */
  readonly newKid?: string;
  /** The kid that signs now, if any. */
  readonly signingKid: string | undefined;
  /** With `expiredKeyLater`, when an expired key was due: the rest of the rotation, which stores it. */
  readonly expiredKeyStored?: Promise<RotationResult>;
}

interface NewKeys {
  signing?: Uint8Array | undefined;
  expired?: Uint8Array | undefined;
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

  /** Rotates as described above. Until it settles, the key holder counts it as under way ({@link KeyRingHolder.settled}). */
  execute(input: RotateKeysInput = {}): Promise<RotationResult> {
    const run = this.run(input);
    this.deps.keys.track(run);
    return run;
  }

  private async run(input: RotateKeysInput): Promise<RotationResult> {
    const { vault, signer, clock, policy, keys } = this.deps;
    const stored = await vault.all();
    const now = toUnixSeconds(clock.now());
    const force = input.force === true;
    // RSA generation is slow: keys are made before taking the lock
    const signing = force || policy.rotationDue(stored, now) ? signer.generateKey() : undefined;
    const needsExpired = policy.needsExpiredKey(stored, now);
    if (!input.expiredKeyLater || !needsExpired) {
      // both at once
      const [signingKey, expiredKey] = await Promise.all([signing, needsExpired ? signer.generateKey() : undefined]);
      return (await this.store(stored, { signing: signingKey, expired: expiredKey }, force)).result;
    }

    // one generation at a time: the expired key's starts once the signing key is stored, so that it
    // does not take a core from what serving still waits for (loading, the first password hashes)
    const first = await this.store(stored, { signing: await signing }, force);
    const rest = signer.generateKey().then(async (key) => (await this.store(first.stored, { expired: key }, false)).result);
    keys.track(rest);
    return { ...first.result, expiredKeyStored: rest };
  }

  /** Stores those of `add` still needed (re-checked inside the vault's lock), then loads the ring. */
  private async store(
    before: readonly SigningKey[],
    add: NewKeys,
    force: boolean,
  ): Promise<{ result: RotationResult; stored: readonly SigningKey[] }> {
    const { vault, clock, policy, keys } = this.deps;
    let stored = before;
    let created = 0;
    const known = new Set(before.map((k) => k.kid));
    if (add.signing || add.expired) {
      stored = await vault.update((current) => {
        const at = toUnixSeconds(clock.now());
        const keysToAdd: NewSigningKey[] = [];
        if (add.signing && (force || policy.rotationDue(current, at))) keysToAdd.push({ exp: at + policy.keyTtl, privateKey: add.signing });
        if (add.expired && policy.needsExpiredKey(current, at)) keysToAdd.push({ exp: policy.expiredKeyExp(at), privateKey: add.expired });
        created = keysToAdd.length;
        return keysToAdd;
      });
    }
    const at = toUnixSeconds(clock.now());
    const newKid = stored.find((k) => !known.has(k.kid) && k.exp > at)?.kid;
    const ring = await this.load(stored, at);
    keys.replace(ring);
    return { result: { ring, created, signingKid: ring.signingKey(at)?.key.kid, ...(newKid !== undefined && { newKid }) }, stored };
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
