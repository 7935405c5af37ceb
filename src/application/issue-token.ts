import { DomainError } from '../domain/errors.js';
import type { KeyRing } from '../domain/key-ring.js';
import type { AuthLog } from '../domain/ports/auth-log.js';
import type { TokenSigner } from '../domain/ports/token-signer.js';
import { toUnixSeconds } from '../domain/time.js';
import { AuthenticateUser, type AuthenticateUserDeps, type LoginCredentials } from './authenticate-user.js';
import type { KeyRingHolder } from './key-ring-holder.js';

export interface IssueTokenDeps extends AuthenticateUserDeps {
  signer: TokenSigner;
  authLog: AuthLog;
  keys: KeyRingHolder;
  /** `iss` claim. */
  issuer: string;
  /** `aud` claim, when set. */
  audience?: string;
}

export interface IssueTokenInput extends LoginCredentials {
  /** Sign with an expired key, with `exp` in the past (for testing relying parties). */
  expired?: boolean;
}

export interface IssuedToken {
  readonly token: string;
  readonly kid: string;
  /** Unix seconds. */
  readonly expiresAt: number;
  /** Seconds from issue to expiry (0 for an `expired` token). */
  readonly expiresIn: number;
  readonly userId: number;
}

/**
 * Authenticates a user by password ({@link AuthenticateUser}: the per-account defence, the failure audit,
 * even timing, hash upgrades) and issues a signed JWT. A success is recorded in the audit log (and the
 * user's last login) before the token is returned.
 */
export class IssueToken {
  private readonly uuid: () => string;
  private readonly authenticate: AuthenticateUser;

  constructor(private readonly deps: IssueTokenDeps) {
    this.uuid = deps.uuid ?? (() => globalThis.crypto.randomUUID());
    this.authenticate = new AuthenticateUser(deps);
  }

  /** Makes the dummy hash ahead of the first request (optional; otherwise done on first use). */
  warmUp(): Promise<void> {
    return this.authenticate.warmUp();
  }

  async execute(input: IssueTokenInput): Promise<IssuedToken> {
    const { signer, authLog, clock, keys } = this.deps;
    const user = await this.authenticate.execute(input);

    const now = clock.now();
    const iat = toUnixSeconds(now);
    const pick = (ring: KeyRing) => (input.expired ? ring.expiredKey(iat) : ring.signingKey(iat));
    // A first start may still be generating its signing key (the password was checked meanwhile), or a
    // rotation under way storing the key asked for (a first start stores the expired key after the
    // signing one): wait for it rather than fail.
    let ring = keys.peek() ?? (await keys.loaded());
    let key = pick(ring);
    if (!key) {
      await keys.settled();
      ring = keys.ring();
      key = pick(ring);
    }
    if (!key) throw new DomainError('NO_SIGNING_KEY', input.expired ? 'no expired key is available' : 'no signing key is available');
    const exp = ring.tokenExpiry(key, iat);
    const token = await signer.sign(
      {
        iss: this.deps.issuer,
        sub: String(user.id),
        ...(this.deps.audience ? { aud: this.deps.audience } : {}),
        iat: input.expired ? Math.min(iat, exp) : iat,
        exp,
        jti: this.uuid(),
        username: user.username,
      },
      key.key.kid,
      key.key.privateKey,
    );
    await authLog.record({ userId: user.id, ip: input.ip, at: now });
    return { token, kid: key.key.kid, expiresAt: exp, expiresIn: Math.max(0, exp - iat), userId: user.id };
  }
}
