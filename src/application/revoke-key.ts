import { DomainError } from '../domain/errors.js';
import type { KeyPolicy } from '../domain/key-policy.js';
import type { Clock } from '../domain/ports/clock.js';
import type { KeyVault } from '../domain/ports/key-vault.js';
import { toUnixSeconds } from '../domain/time.js';
import type { RotateKeys } from './rotate-keys.js';

export interface RevokeKeyInput {
  readonly kid: string;
  /** Free text kept with the revocation (at most 500 characters, one line). */
  readonly reason?: string | undefined;
}

export interface Revocation {
  readonly kid: string;
  /** False when the key had been revoked before (the first record stands). */
  readonly newlyRevoked: boolean;
  /** True when it was the key signing new tokens: relying parties see a new kid without pre-publication. */
  readonly wasSigning: boolean;
  /** The kid that signs now. */
  readonly signingKid: string | undefined;
}

export const REVOCATION_REASON_MAX_LENGTH = 500;

/**
 * Revokes a signing key (a leaked key): it leaves the published set and never signs again, on every
 * instance at its next key sync, and stays revoked across restarts. When it was the signing key, a
 * replacement signs at once (a pending key if there is one, else a key made now): a compromised key is
 * worse than a relying party's cache miss. The caller should warn about that case.
 */
export class RevokeKey {
  constructor(private readonly deps: { vault: KeyVault; policy: KeyPolicy; clock: Clock; rotate: RotateKeys }) {}

  async execute(input: RevokeKeyInput): Promise<Revocation> {
    const { vault, policy, clock, rotate } = this.deps;
    const reason = parseReason(input.reason);
    const now = toUnixSeconds(clock.now());
    const signingBefore = policy.signingKey(await vault.all(), now);
    const newlyRevoked = await vault.revoke(input.kid, { at: now, reason });
    const { ring } = await rotate.execute(); // makes the replacement when no key may sign any more
    return {
      kid: input.kid,
      newlyRevoked,
      wasSigning: newlyRevoked && signingBefore?.kid === input.kid,
      signingKid: ring.signingKey(toUnixSeconds(clock.now()))?.key.kid,
    };
  }
}

function parseReason(raw: string | undefined): string | null {
  const reason = raw?.trim() ?? '';
  if (reason.length > REVOCATION_REASON_MAX_LENGTH) {
    throw new DomainError('INVALID_INPUT', `the reason must be at most ${REVOCATION_REASON_MAX_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(reason)) throw new DomainError('INVALID_INPUT', 'the reason must be one line of text');
  return reason === '' ? null : reason;
}
