/**
 * The composition root: reads the configuration, wires adapters to use-cases (tsyringe lives here
 * and nowhere else), starts the HTTP server and the key-sync timer, and shuts down gracefully.
 */
import 'reflect-metadata';
import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { createApp } from './adapters/http/app.js';
import { AesGcmKeyCipher } from './adapters/crypto/aes-gcm-key-cipher.js';
import { Argon2PasswordHasher } from './adapters/crypto/argon2-password-hasher.js';
import { JoseTokenSigner } from './adapters/crypto/jose-token-signer.js';
import type { MasterKey } from './adapters/crypto/master-key.js';
import { SystemClock } from './adapters/clock/system-clock.js';
import { openDatabase } from './adapters/persistence/open-database.js';
import { KnexAuthLog } from './adapters/persistence/knex-auth-log.js';
import { KnexKeyVault } from './adapters/persistence/knex-key-vault.js';
import { KnexUserRepo } from './adapters/persistence/knex-user-repo.js';
import { migrate } from './adapters/persistence/migrations.js';
import { memoryRateLimiter, redisRateLimiter } from './adapters/ratelimit/flexible-rate-limiter.js';
import { createRedisClient, redisReady } from './adapters/ratelimit/redis-client.js';
import { unlimited } from './adapters/ratelimit/unlimited-rate-limiter.js';
import { BootstrapUsers } from './application/bootstrap-users.js';
import { IssueToken } from './application/issue-token.js';
import { PublishJwks } from './application/publish-jwks.js';
import { RegisterUser } from './application/register-user.js';
import { RotateKeys } from './application/rotate-keys.js';
import { SigningKeys } from './application/signing-keys.js';
import { loadConfig, type Config } from './config.js';
import { keySync, ping } from './runtime/key-sync.js';
import { createLogger, knexLog } from './runtime/logging.js';
import { loadMasterKey } from './runtime/master-key-source.js';
import { startupFailure } from './runtime/startup-failure.js';
import { KeyPolicy } from './domain/key-policy.js';
import type { AuthLog, Clock, KeyCipher, KeyVault, PasswordHasher, RateLimiter, TokenSigner, UserRepo } from './domain/ports/index.js';

/** A typed tsyringe token. */
type Token<T> = symbol & { readonly __type?: T };
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
  signingKeys: token<SigningKeys>('SigningKeys'),
  authLimiter: token<RateLimiter>('AuthRateLimiter'),
  registerLimiter: token<RateLimiter>('RegisterRateLimiter'),
} as const;

const get = <T>(c: DependencyContainer, t: Token<T> | (new (...args: never[]) => T)): T => c.resolve(t as symbol) as T;
const once = <T>(make: (c: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory(make) });

/** Registers every adapter and use-case for `config` in a child of `parent`. Nothing is opened until resolved. */
export function compose(config: Config, logger: Logger, parent: DependencyContainer = rootContainer): DependencyContainer {
  const c = parent.createChildContainer();
  c.register(TOKENS.config, { useValue: config });
  c.register(TOKENS.logger, { useValue: logger });
  c.register(TOKENS.db, once(() => openDatabase({ sqlitePath: config.dbPath, databaseUrl: config.databaseUrl, log: knexLog(logger) })));
  c.register(TOKENS.redis, once(() => (config.redisUrl ? createRedisClient(config.redisUrl) : undefined)));
  c.register(TOKENS.masterKey, once(() => loadMasterKey(config, logger)));
  c.register(TOKENS.cipher, once((r) => new AesGcmKeyCipher(get(r, TOKENS.masterKey).key)));
  c.register(TOKENS.vault, once((r) => new KnexKeyVault(get(r, TOKENS.db), get(r, TOKENS.cipher))));
  c.register(TOKENS.users, once((r) => new KnexUserRepo(get(r, TOKENS.db))));
  c.register(TOKENS.authLog, once((r) => new KnexAuthLog(get(r, TOKENS.db))));
  c.register(TOKENS.hasher, once(() => new Argon2PasswordHasher(config.argon2)));
  c.register(TOKENS.signer, once(() => new JoseTokenSigner(config.rsaModulusLength)));
  c.register(TOKENS.clock, once(() => new SystemClock()));
  c.register(TOKENS.policy, once(() => new KeyPolicy(config.tokenTtl, config.keyTtl, config.keySyncInterval)));
  c.register(TOKENS.signingKeys, once(() => new SigningKeys()));
  c.register(TOKENS.authLimiter, once((r) => limiter(r, config.rateLimitAuth, 1, 'auth')));
  c.register(TOKENS.registerLimiter, once((r) => limiter(r, config.rateLimitRegister, 60, 'register')));

  const keys = (r: DependencyContainer) => ({ keys: get(r, TOKENS.signingKeys), clock: get(r, TOKENS.clock) });
  c.register(RotateKeys, once((r) => new RotateKeys({ ...keys(r), vault: get(r, TOKENS.vault), signer: get(r, TOKENS.signer), policy: get(r, TOKENS.policy) })));
  c.register(PublishJwks, once((r) => new PublishJwks({ ...keys(r), maxAge: config.jwksMaxAge })));
  c.register(
    IssueToken,
    once((r) => new IssueToken({
      ...keys(r),
      users: get(r, TOKENS.users),
      hasher: get(r, TOKENS.hasher),
      signer: get(r, TOKENS.signer),
      authLog: get(r, TOKENS.authLog),
      issuer: config.jwtIssuer,
      ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
    })),
  );
  const users = (r: DependencyContainer) => ({ users: get(r, TOKENS.users), hasher: get(r, TOKENS.hasher), clock: get(r, TOKENS.clock) });
  c.register(RegisterUser, once((r) => new RegisterUser(users(r))));
  c.register(BootstrapUsers, once((r) => new BootstrapUsers(users(r))));
  return c;
}

function limiter(c: DependencyContainer, points: number, durationSeconds: number, name: string): RateLimiter {
  if (points === 0) return unlimited();
  const client = get(c, TOKENS.redis);
  const config = get(c, TOKENS.config);
  const keyPrefix = `${config.redisKeyPrefix}:rl:${name}`;
  if (!client) return memoryRateLimiter({ points, durationSeconds, keyPrefix });
  return redisRateLimiter({ client, points, durationSeconds, keyPrefix, onStoreFailure: config.rateLimitStoreFailure, logger: get(c, TOKENS.logger) });
}

/** A started server. */
export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  readonly container: DependencyContainer;
  /** Settles when start-up work is done (rejects, e.g. on a wrong master key, if it failed). */
  readonly started: Promise<void>;
  /** Stops accepting, finishes in-flight requests, stops timers and closes the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Listens at once and runs the start-up work (master key, migrations, keys, bootstrap users) behind
 * it: requests that arrive meanwhile wait for it. Then re-syncs keys every `keySyncInterval` seconds.
 */
export async function startServer(config: Config, options: { logger?: Logger; container?: DependencyContainer } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  const c = options.container ?? compose(config, logger);
  const t0 = performance.now();
  const started = startup(c, config);
  started.catch(() => undefined); // observed by the caller; never an unhandled rejection here

  const db = get(c, TOKENS.db);
  const redis = get(c, TOKENS.redis);
  const app = createApp({
    issueToken: get(c, IssueToken),
    registerUser: get(c, RegisterUser),
    publishJwks: get(c, PublishJwks),
    authLimiter: get(c, TOKENS.authLimiter),
    registerLimiter: get(c, TOKENS.registerLimiter),
    logger,
    started,
    trustProxy: config.trustProxy,
    readiness: async () => ({
      startup: await started.then(() => true, () => false),
      database: await ping(() => db.raw('select 1')),
      ...(redis ? { redis: await ping(() => redis.ping()) } : {}),
    }),
  });
  const handle = app.callback();
  let closing: Promise<void> | undefined;
  const server = createServer((req, res) => {
    if (closing) res.shouldKeepAlive = false; // during shutdown: answer, then close the connection
    void handle(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    // e.g. the port is taken: let the start-up work finish, then release what it opened
    await started.catch(() => undefined);
    await db.destroy();
    redis?.disconnect();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: config.host, port, database: config.databaseUrl ? 'postgres' : 'sqlite', rateLimitStore: redis ? 'redis' : 'memory' }, 'listening');

  let timer: NodeJS.Timeout | undefined;
  started.then(
    () => {
      logger.info({ ms: Math.round(performance.now() - t0) }, 'ready');
      timer = setInterval(keySync(get(c, RotateKeys), logger), config.keySyncInterval * 1000);
      timer.unref();
    },
    () => undefined,
  );

  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      // keep-alive connections that finish their in-flight request become idle: close them as they do
      const reap = setInterval(() => server.closeIdleConnections(), 50);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clearTimeout(force);
      clearInterval(reap);
      await started.catch(() => undefined);
      await db.destroy();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      logger.info('stopped');
    })());

  return { server, port, url: `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`, container: c, started, close };
}

async function startup(c: DependencyContainer, config: Config): Promise<void> {
  get(c, TOKENS.masterKey); // first: a bad key file fails before anything is written
  const redis = get(c, TOKENS.redis);
  await migrate(get(c, TOKENS.db));
  await Promise.all([
    // until connected every limiter call would count as an outage; if Redis is down, the limiter's failure mode applies
    redis ? redisReady(redis, 2_000).then((up) => up || get(c, TOKENS.logger).warn('Redis is not reachable at start; rate limiting follows RATE_LIMIT_STORE_FAILURE')) : undefined,
    get(c, RotateKeys).execute(),
    get(c, BootstrapUsers).execute(config.bootstrapUsers),
    get(c, IssueToken).warmUp(),
  ]);
}

export { createLogger, startupFailure };

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`jwks-auth-server: ${(err as Error).message}\n`);
    process.exit(2);
  }
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (err) {
    process.stderr.write(`jwks-auth-server: ${startupFailure(err, config)}\n`);
    process.exit(1);
  }
  const stop = (code: number) => void running.close().then(() => process.exit(code), () => process.exit(1));
  running.started.catch((err: unknown) => {
    process.stderr.write(`jwks-auth-server: ${startupFailure(err, config)}\n`);
    stop(1);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop(0));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) void main();
