import { DomainError } from '../domain/errors.js';
import type { AuthLog } from '../domain/ports/auth-log.js';
import type { Clock } from '../domain/ports/clock.js';
import type { PasswordHasher } from '../domain/ports/password-hasher.js';
import type { TokenSigner } from '../domain/ports/token-signer.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import { isAcceptablePassword } from '../domain/password.js';
import { toUnixSeconds } from '../domain/time.js';
import { parseUsername, type User } from '../domain/user.js';
import type { KeyRingHolder } from './key-ring-holder.js';

export interface IssueTokenDeps {
  users: UserRepo;
  hasher: PasswordHasher;
  signer: TokenSigner;
  authLog: AuthLog;
  clock: Clock;
  keys: KeyRingHolder;
  /** `iss` claim. */
  issuer: string;
  /** `aud` claim, when set. */
  audience?: string;
  /** Random UUIDs (for `jti`); defaults to the platform CSPRNG. */
  uuid?: () => string;
}

export interface IssueTokenInput {
  username: unknown;
  password: unknown;
  /** Client address recorded in the audit log. */
  ip: string;
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

const BAD_CREDENTIALS = 'invalid username or password';

/**
 * Authenticates a user by password and issues a signed JWT. Unknown users and wrong passwords fail
 * alike, and in about the same time (unknown users are checked against a dummy hash). A success is
 * recorded in the audit log (and the user's last login) before the token is returned.
 */
export class IssueToken {
  private readonly uuid: () => string;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: IssueTokenDeps) {
    this.uuid = deps.uuid ?? (() => globalThis.crypto.randomUUID());
  }

  /** Computes the dummy hash ahead of the first request (optional; otherwise done on first use). */
  warmUp(): Promise<void> {
    return this.dummy().then(() => undefined);
  }

  async execute(input: IssueTokenInput): Promise<IssuedToken> {
    const { hasher, signer, authLog, clock, keys } = this.deps;
    if (typeof input.username !== 'string' || typeof input.password !== 'string') {
      throw new DomainError('INVALID_INPUT', 'username and password are required strings');
    }
    if (!isAcceptablePassword(input.password)) {
      throw new DomainError('BAD_CREDENTIALS', BAD_CREDENTIALS);
    }
    const user = await this.findUser(input.username);
    const ok = await hasher.verify(user?.passwordHash ?? (await this.dummy()), input.password);
    if (!user || !ok) throw new DomainError('BAD_CREDENTIALS', BAD_CREDENTIALS);

    const now = clock.now();
    const iat = toUnixSeconds(now);
    const ring = keys.ring();
    const key = input.expired ? ring.expiredKey(iat) : ring.signingKey(iat);
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

  private async findUser(raw: string): Promise<User | null> {
    let username: string;
    try {
      username = parseUsername(raw);
    } catch {
      return null; // a name that cannot exist: same answer as an unknown one
    }
    return this.deps.users.findByUsername(username);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(this.uuid());
    return this.dummyHash;
  }
}
