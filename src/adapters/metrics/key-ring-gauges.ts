import { Gauge, type Registry } from 'prom-client';
import type { KeyPolicy } from '../../domain/key-policy.js';
import type { KeyRing } from '../../domain/key-ring.js';
import type { Clock } from '../../domain/ports/clock.js';
import { toUnixSeconds } from '../../domain/time.js';

export interface KeyRingGaugeDeps {
  /** The key ring this instance serves from, or undefined before the first load. */
  ring: () => KeyRing | undefined;
  policy: KeyPolicy;
  clock: Clock;
}

/**
 * Key lifecycle gauges, computed when scraped from the ring in memory (no per-request work, no
 * database read): what this instance publishes and signs with right now.
 */
export function registerKeyRingGauges(registry: Registry, deps: KeyRingGaugeDeps): void {
  const registers = [registry];
  const snapshot = () => {
    const ring = deps.ring();
    const now = toUnixSeconds(deps.clock.now());
    return { ring, now, signing: ring?.signingKey(now) };
  };
  new Gauge({
    name: 'jwks_keys_published',
    help: 'Public keys in the JWKS this instance serves (0 before the first key load).',
    registers,
    collect() {
      const { ring, now } = snapshot();
      this.set(ring ? ring.published(now).length : 0);
    },
  });
  new Gauge({
    name: 'jwks_signing_key_age_seconds',
    help: 'Seconds since the key that signs new tokens became active (0 before the first key load).',
    registers,
    collect() {
      const { signing, now } = snapshot();
      this.set(signing ? Math.max(0, now - deps.policy.signsFrom(signing.key.exp)) : 0);
    },
  });
  new Gauge({
    name: 'jwks_signing_key_expires_in_seconds',
    help: 'Seconds until the key that signs new tokens expires (0 before the first key load).',
    registers,
    collect() {
      const { signing, now } = snapshot();
      this.set(signing ? signing.key.exp - now : 0);
    },
  });
  new Gauge({
    name: 'jwks_key_rotation_due_in_seconds',
    help: 'Seconds until the next key rotation falls due; negative when overdue (rotation stuck); 0 before the first key load.',
    registers,
    collect() {
      const { ring, signing, now } = snapshot();
      const dueAt = ring ? deps.policy.rotationDueAt(ring.keys.map((k) => k.key)) : undefined;
      const dueIn = dueAt === undefined ? 0 : dueAt - now;
      // with no key able to sign (the signing key revoked, no successor yet) a rotation is due at once
      this.set(ring && !signing ? Math.min(dueIn, 0) : dueIn);
    },
  });
}
