/**
 * The library: domain, ports, use-cases and the non-HTTP adapters. Importing this loads neither Koa
 * nor tsyringe; the HTTP adapter is `jwks-auth-server/http`, the assembled server `jwks-auth-server/server`.
 */
export * from './domain/index.js';
export * from './application/index.js';

export { MemoryStore } from './adapters/memory/memory-store.js';
export { MemoryUserRepo } from './adapters/memory/memory-user-repo.js';
export { MemoryAuthLog } from './adapters/memory/memory-auth-log.js';
export { MemoryKeyVault } from './adapters/memory/memory-key-vault.js';
export { SystemClock } from './adapters/clock/system-clock.js';
export { FixedClock } from './adapters/memory/fixed-clock.js';

export { AesGcmKeyCipher } from './adapters/crypto/aes-gcm-key-cipher.js';
export { Argon2PasswordHasher, OWASP_ARGON2ID, type Argon2Params } from './adapters/crypto/argon2-password-hasher.js';
export { JoseTokenSigner } from './adapters/crypto/jose-token-signer.js';
export { masterKeyFromValue, masterKeyFromFile, type MasterKey, type MasterKeySource } from './adapters/crypto/master-key.js';

export { openDatabase, type DatabaseOptions } from './adapters/persistence/open-database.js';
export { dialectOf, type Dialect } from './adapters/persistence/dialect.js';
export { formatTimestamp, parseTimestamp } from './adapters/persistence/timestamps.js';
export { isConnectionError, translateError, withStoreErrors } from './adapters/persistence/store-errors.js';
export { migrate } from './adapters/persistence/migrations.js';
export { KnexUserRepo } from './adapters/persistence/knex-user-repo.js';
export { KnexAuthLog } from './adapters/persistence/knex-auth-log.js';
export { KnexKeyVault } from './adapters/persistence/knex-key-vault.js';

export {
  FlexibleRateLimiter,
  memoryRateLimiter,
  redisRateLimiter,
  type RateLimitOptions,
  type StoreFailureMode,
  type RateLimitLogger,
} from './adapters/ratelimit/flexible-rate-limiter.js';
export { createRedisClient, redisReady } from './adapters/ratelimit/redis-client.js';
export { unlimited } from './adapters/ratelimit/unlimited-rate-limiter.js';
