import type { ComposeOptions } from './index.js';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { SystemClock } from '../../adapters/clock/system-clock.js';
import { Argon2PasswordHasher } from '../../adapters/crypto/argon2-password-hasher.js';
import { JoseTokenSigner } from '../../adapters/crypto/jose-token-signer.js';
import { masterKeyCipher } from '../../adapters/crypto/master-key.js';
import { KnexAuthLog } from '../../adapters/persistence/knex-auth-log.js';
import { KnexKeyVault } from '../../adapters/persistence/knex-key-vault.js';
import { KnexUserRepo } from '../../adapters/persistence/knex-user-repo.js';
import { openDatabase } from '../../adapters/persistence/open-database.js';
import { createRedisClient } from '../../adapters/ratelimit/redis-client.js';
import { KeyRingHolder } from '../../application/key-ring-holder.js';
import type { Config } from '../config.js';
import { rateLimiter } from '../limiters.js';
import { knexLog } from '../logging.js';
import { loadMasterKey } from '../master-key-source.js';
import { serverMetrics } from '../metrics.js';
import { PublicUrl } from '../public-url.js';
import { resolve, singleton, type Container } from './container.js';
import { TOKENS } from './tokens.js';

const QUIET: Knex.Logger = { warn() {}, error() {}, deprecate() {}, debug() {} };

/** Registers the infrastructure and one adapter per port. Nothing is opened until resolved. */
export function registerAdapters(c: Container, config: Config, logger: Logger, options: ComposeOptions): void {
  c.register(TOKENS.config, { useValue: config });
  c.register(TOKENS.logger, { useValue: logger });
  const opened: { db?: Knex; redis?: Redis } = {};
  const log = options.driverWarnings === false ? QUIET : knexLog(logger);
  singleton(c, TOKENS.db, () => (opened.db = openDatabase({ sqlitePath: config.dbPath, databaseUrl: config.databaseUrl, log })));
  singleton(c, TOKENS.redis, () => (opened.redis = config.redisUrl ? createRedisClient(config.redisUrl) : undefined));
  const release = async () => {
    await opened.db?.destroy();
    await opened.redis?.quit().catch(() => opened.redis?.disconnect());
  };
  c.register(TOKENS.release, { useValue: release });

  singleton(c, TOKENS.masterKey, () => loadMasterKey(config, logger, { generate: options.generateMasterKey !== false }));
  singleton(c, TOKENS.cipher, (r) => masterKeyCipher(resolve(r, TOKENS.masterKey), config.masterKeyPrevious));
  singleton(c, TOKENS.vault, (r) => new KnexKeyVault(resolve(r, TOKENS.db), resolve(r, TOKENS.cipher)));
  singleton(c, TOKENS.users, (r) => new KnexUserRepo(resolve(r, TOKENS.db)));
  singleton(c, TOKENS.authLog, (r) => new KnexAuthLog(resolve(r, TOKENS.db)));
  singleton(c, TOKENS.hasher, (r) => new Argon2PasswordHasher(config.argon2, { costs: resolve(r, TOKENS.verifyCosts) }));
  singleton(c, TOKENS.signer, () => new JoseTokenSigner(config.rsaModulusLength));
  singleton(c, TOKENS.clock, () => new SystemClock());
  c.register(TOKENS.policy, { useValue: config.keyPolicy });
  singleton(c, TOKENS.keyRing, () => new KeyRingHolder());
  singleton(c, TOKENS.publicUrl, () => new PublicUrl(config));
  singleton(c, TOKENS.metrics, (r) => {
    if (!config.metrics) return undefined;
    const [ring, policy, clock, redis] = [
      resolve(r, TOKENS.keyRing),
      resolve(r, TOKENS.policy),
      resolve(r, TOKENS.clock),
      resolve(r, TOKENS.redis),
    ];
    return serverMetrics({
      config,
      ring,
      policy,
      clock,
      redis,
      limiters: [resolve(r, TOKENS.authLimiter), resolve(r, TOKENS.registerLimiter)],
    });
  });
  for (const name of ['auth', 'register'] as const) {
    const setting = config.rateLimits[name];
    const key = name === 'auth' ? TOKENS.authLimiter : TOKENS.registerLimiter;
    singleton(c, key, (r) => rateLimiter({ name, setting, config, redis: resolve(r, TOKENS.redis), logger }));
  }
}
