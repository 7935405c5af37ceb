import { DomainError } from '../domain/errors.js';
import type { AuthFailureLog, FailureReason } from '../domain/ports/auth-failure-log.js';
import type { Clock } from '../domain/ports/clock.js';
import type { FailurePacer } from '../domain/ports/failure-pacer.js';
import type { LoginThrottle } from '../domain/ports/login-throttle.js';
import type { PasswordHasher } from '../domain/ports/password-hasher.js';
import type { UserRepo } from '../domain/ports/user-repo.js';
import type { UserStatus } from '../domain/ports/user-status.js';
import { isAcceptablePassword } from '../domain/password.js';
import { parseUsername, type User } from '../domain/user.js';

export interface AuthenticateUserDeps {
  users: UserRepo;
  hasher: PasswordHasher;
  clock: Clock;
  /** The per-account brute-force defence; without it only the caller's own limits apply. */
  throttle?: LoginThrottle;
  /** Where failures are recorded; without it they are not. */
  failures?: AuthFailureLog;
  /** Disabled accounts; without it every account is enabled. */
  status?: UserStatus;
  /** Evens out the time of failures; without it a failure takes as long as its work. */
  pacer?: FailurePacer;
  /** Random UUIDs (the dummy hash's password, for a hasher without a decoy); defaults to the platform CSPRNG. */
  uuid?: () => string;
}

export interface LoginCredentials {
  username: unknown;
  password: unknown;
  /** Client address, recorded in the audit trails. */
  ip: string;
  /** The key the client is limited under (its address, an IPv6 /64); defaults to `ip`. */
  client?: string;
}

/** Longest name the defence keys its counters by: longer names cannot exist, and are told apart by their start. */
const THROTTLE_NAME_MAX = 256;
const BAD_CREDENTIALS = 'invalid username or password';
const NO_DEFENCE: LoginThrottle = { begin: async () => ({ allowed: true, settle: async () => undefined }) };
const NO_PACING: FailurePacer = { start: () => ({ failed: async () => undefined }) };

/**
 * Checks a username and password, and nothing else: the password login's rules in one place.
 *
 * An unknown user, a wrong password and a disabled account fail alike (`BAD_CREDENTIALS`), in the same
 * time: unknown users are checked against a dummy hash (the hasher's decoy, which no password matches),
 * and every failure is paced to one duration.
 * The per-account defence runs first, by the name tried (registered or not), and refuses with
 * `RATE_LIMITED` (with `retryAfterSeconds`). Every failure is recorded with its reason, the user's id
 * when the user exists, never the password or an unknown name. A success upgrades a hash made with
 * other settings than the configured ones, in one compare-and-set write.
 */
export class AuthenticateUser {
  private readonly uuid: () => string;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: AuthenticateUserDeps) {
    this.uuid = deps.uuid ?? (() => globalThis.crypto.randomUUID());
  }

  /**
   * Makes the dummy hash ahead of the first request; otherwise done on first use. It costs a hash
   * only with a hasher that has no decoy ({@link PasswordHasher.decoyHash}): then one of a random password.
   */
  async warmUp(): Promise<void> {
    await this.dummy();
  }

  async execute(input: LoginCredentials): Promise<User> {
    const { username, password, ip } = input;
    if (typeof username !== 'string' || typeof password !== 'string') {
      throw new DomainError('INVALID_INPUT', 'username and password are required strings');
    }
    const pace = (this.deps.pacer ?? NO_PACING).start();
    const name = username.trim().normalize('NFC').slice(0, THROTTLE_NAME_MAX);
    const verdict = await (this.deps.throttle ?? NO_DEFENCE).begin({ username: name, client: input.client ?? ip });
    if (!verdict.allowed) {
      await this.recordFailure(ip, await this.findUser(username), verdict.scope === 'client' ? 'blocked' : 'throttled');
      throw new DomainError('RATE_LIMITED', 'too many failed logins for this account; retry later', {
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
    }
    let user: User | null;
    let reason: FailureReason | undefined;
    try {
      user = await this.findUser(username);
      reason = await this.check(user, password);
    } catch (err) {
      await verdict.settle('aborted');
      throw err;
    }
    await verdict.settle(reason ? 'failure' : 'success');
    if (reason || !user) {
      await this.recordFailure(ip, user, reason ?? 'bad_credentials');
      await pace.failed();
      throw new DomainError('BAD_CREDENTIALS', BAD_CREDENTIALS);
    }
    await this.upgradeHash(user, password);
    return user;
  }

  /** Why the attempt fails, or undefined when it succeeds. The same work for every user, known or not. */
  private async check(user: User | null, password: string): Promise<FailureReason | undefined> {
    if (!isAcceptablePassword(password)) return 'bad_credentials'; // refused without hashing: no hashing-cost abuse
    const [ok, disabledAt] = await Promise.all([
      this.deps.hasher.verify(user?.passwordHash ?? (await this.dummy()), password),
      this.deps.status ? this.deps.status.disabledAt(user?.id ?? 0) : null,
    ]);
    if (!user || !ok) return 'bad_credentials';
    return disabledAt === null ? undefined : 'disabled';
  }

  private async upgradeHash(user: User, password: string): Promise<void> {
    const { hasher, users } = this.deps;
    if (!hasher.needsRehash(user.passwordHash)) return;
    try {
      // compare-and-set: a reset that landed since the read wins, and this upgrade is dropped
      await users.replacePasswordHash(user.id, user.passwordHash, await hasher.hash(password));
    } catch {
      // the login stands; the upgrade is tried again at the next one
    }
  }

  private async recordFailure(ip: string, user: User | null, reason: FailureReason): Promise<void> {
    await this.deps.failures?.record({ ip, at: this.deps.clock.now(), userId: user?.id ?? null, reason });
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
    const { hasher } = this.deps;
    this.dummyHash ??= hasher.decoyHash ? Promise.resolve(hasher.decoyHash()) : hasher.hash(this.uuid());
    return this.dummyHash;
  }
}
