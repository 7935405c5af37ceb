/**
 * The composition root: wires adapters to use-cases for a {@link Config}. tsyringe lives here and
 * nowhere else. The server (lifecycle.ts) and the command line resolve what they need from it; tests
 * and embedders swap an adapter by registering it in a child container before resolving.
 */
import 'reflect-metadata';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { Argon2PasswordHasher } from '../adapters/crypto/argon2-password-hasher.js';
import { JoseTokenSigner } from '../adapters/crypto/jose-token-signer.js';
import { masterKeyCipher, type MasterKey } from '../adapters/crypto/master-key.js';
import { SystemClock } from '../adapters/clock/system-clock.js';
import { openDatabase } from '../adapters/persistence/open-database.js';
import { KnexAuthLog } from '../adapters/persistence/knex-auth-log.js';
import { KnexKeyVault } from '../adapters/persistence/knex-key-vault.js';
import { KnexUserRepo } from '../adapters/persistence/knex-user-repo.js';
import { createRedisClient } from '../adapters/ratelimit/redis-client.js';
import { BootstrapUsers } from '../application/bootstrap-users.js';
import { IssueToken } from '../application/issue-token.js';
import { KeyRingHolder } from '../application/key-ring-holder.js';
import { ListKeys } from '../application/list-keys.js';
import { Rekey } from '../application/rekey.js';
import { RevokeKey } from '../application/revoke-key.js';
import { PublishJwks } from '../application/publish-jwks.js';
import { RegisterUser } from '../application/register-user.js';
import { RotateKeys } from '../application/rotate-keys.js';
import type { KeyPolicy } from '../domain/key-policy.js';
import type { AuthLog, Clock, KeyCipher, KeyVault, PasswordHasher, RateLimiter, TokenSigner, UserRepo } from '../domain/ports/index.js';
import type { Config } from './config.js';
import { rateLimiter } from './limiters.js';
import { knexLog } from './logging.js';
import { loadMasterKey } from './master-key-source.js';

/** The container type, for code outside this file that passes one along. */
export type Container = DependencyContainer;

/** A typed injection token. */
export type Token<T> = symbol & { readonly __type?: T };
const token = <T>(name: string): Token<T> => Symbol(name) as Token<T>;

/** Injection tokens of the ports and infrastructure, for swapping an adapter in a child container. */
export const TOKENS = {
  config: token<Config>('Config'),
  logger: token<Logger>('Logger'),
  db: token<Knex>('Knex'),
  redis: token<Redis | undefined>('Redis'),
  masterKey: token<MasterKey>('MasterKey'),
  cipher: token<KeyCipher>('KeyCipher'),
  vault: token<KeyVault>('KeyVault'),
  users: token<UserRepo>('UserRepo'),
  authLog: token<AuthLog>('AuthLog'),
  hasher: token<PasswordHasher>('PasswordHasher'),
  signer: token<TokenSigner>('TokenSigner'),
  clock: token<Clock>('Clock'),
  policy: token<KeyPolicy>('KeyPolicy'),
  keyRing: token<KeyRingHolder>('KeyRingHolder'),
  authLimiter: token<RateLimiter>('AuthRateLimiter'),
  registerLimiter: token<RateLimiter>('RegisterRateLimiter'),
  /** Closes the database and Redis connections this composition opened (none if never resolved). */
  release: token<() => Promise<void>>('Release'),
} as const;

const QUIET: Knex.Logger = { warn() {}, error() {}, deprecate() {}, debug() {} };

/** Resolves a token or a use-case class from `c`, typed. */
export const resolve = <T>(c: Container, t: Token<T> | (new (...args: never[]) => T)): T => c.resolve(t as symbol) as T;
const once = <T>(make: (c: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory(make) });

/**
 * Registers every adapter and use-case for `config` in a child of `parent`. Nothing is opened until
 * resolved. `driverWarnings: false` keeps knex's pool warnings out of the log (a one-shot command
 * reports its own one line).
 */
export function compose(
  config: Config,
  logger: Logger,
  parent: Container = rootContainer,
  options: { driverWarnings?: boolean } = {},
): Container {
  const c = parent.createChildContainer();
  c.register(TOKENS.config, { useValue: config });
  c.register(TOKENS.logger, { useValue: logger });
  const opened: { db?: Knex; redis?: Redis } = {};
  const log = options.driverWarnings === false ? QUIET : knexLog(logger);
  const db = () => openDatabase({ sqlitePath: config.dbPath, databaseUrl: config.databaseUrl, log });
  c.register(
    TOKENS.db,
    once(() => (opened.db = db())),
  );
  c.register(
    TOKENS.redis,
    once(() => (opened.redis = config.redisUrl ? createRedisClient(config.redisUrl) : undefined)),
  );
  c.register(TOKENS.release, {
    useValue: async () => {
      await opened.db?.destroy();
      await opened.redis?.quit().catch(() => opened.redis?.disconnect());
    },
  });
  c.register(
    TOKENS.masterKey,
    once(() => loadMasterKey(config, logger)),
  );
  c.register(
    TOKENS.cipher,
    once((r) => masterKeyCipher(resolve(r, TOKENS.masterKey), config.masterKeyPrevious)),
  );
  c.register(
    TOKENS.vault,
    once((r) => new KnexKeyVault(resolve(r, TOKENS.db), resolve(r, TOKENS.cipher))),
  );
  c.register(
    TOKENS.users,
    once((r) => new KnexUserRepo(resolve(r, TOKENS.db))),
  );
  c.register(
    TOKENS.authLog,
    once((r) => new KnexAuthLog(resolve(r, TOKENS.db))),
  );
  c.register(
    TOKENS.hasher,
    once(() => new Argon2PasswordHasher(config.argon2)),
  );
  c.register(
    TOKENS.signer,
    once(() => new JoseTokenSigner(config.rsaModulusLength)),
  );
  c.register(
    TOKENS.clock,
    once(() => new SystemClock()),
  );
  c.register(TOKENS.policy, { useValue: config.keyPolicy });
  c.register(
    TOKENS.keyRing,
    once(() => new KeyRingHolder()),
  );
  const limiter = (r: DependencyContainer, name: 'auth' | 'register') =>
    rateLimiter({ name, setting: config.rateLimits[name], config, redis: resolve(r, TOKENS.redis), logger });
  c.register(
    TOKENS.authLimiter,
    once((r) => limiter(r, 'auth')),
  );
  c.register(
    TOKENS.registerLimiter,
    once((r) => limiter(r, 'register')),
  );

  const keys = (r: DependencyContainer) => ({ keys: resolve(r, TOKENS.keyRing), clock: resolve(r, TOKENS.clock) });
  const users = (r: DependencyContainer) => ({
    users: resolve(r, TOKENS.users),
    hasher: resolve(r, TOKENS.hasher),
    clock: resolve(r, TOKENS.clock),
  });
  c.register(
    RotateKeys,
    once(
      (r) =>
        new RotateKeys({
          ...keys(r),
          vault: resolve(r, TOKENS.vault),
          signer: resolve(r, TOKENS.signer),
          policy: resolve(r, TOKENS.policy),
        }),
    ),
  );
  const keyAdmin = (r: DependencyContainer) => ({
    vault: resolve(r, TOKENS.vault),
    policy: resolve(r, TOKENS.policy),
    clock: resolve(r, TOKENS.clock),
  });
  c.register(
    ListKeys,
    once((r) => new ListKeys(keyAdmin(r))),
  );
  c.register(
    RevokeKey,
    once((r) => new RevokeKey({ ...keyAdmin(r), rotate: resolve(r, RotateKeys) })),
  );
  c.register(
    Rekey,
    once((r) => new Rekey({ vault: resolve(r, TOKENS.vault) })),
  );
  c.register(
    PublishJwks,
    once((r) => new PublishJwks({ ...keys(r), maxAge: config.jwksMaxAge })),
  );
  c.register(
    IssueToken,
    once(
      (r) =>
        new IssueToken({
          ...users(r),
          ...keys(r),
          signer: resolve(r, TOKENS.signer),
          authLog: resolve(r, TOKENS.authLog),
          issuer: config.jwtIssuer,
          ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
        }),
    ),
  );
  c.register(
    RegisterUser,
    once((r) => new RegisterUser(users(r))),
  );
  c.register(
    BootstrapUsers,
    once((r) => new BootstrapUsers(users(r))),
  );
  return c;
}
