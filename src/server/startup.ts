import { AesGcmKeyCipher } from '../adapters/crypto/aes-gcm-key-cipher.js';
import { migrate } from '../adapters/persistence/migrations.js';
import { redisReady } from '../adapters/ratelimit/redis-client.js';
import { BootstrapUsers } from '../application/bootstrap-users.js';
import { IssueToken } from '../application/issue-token.js';
import { RotateKeys } from '../application/rotate-keys.js';
import { resolve, TOKENS, type Container } from './composition/index.js';

/** How long start-up waits for a configured Redis before the limiters' failure mode applies. */
const REDIS_READY_TIMEOUT_MS = 2_000;

/**
 * The start-up work behind a listening server: master key (first, so a bad key file fails before
 * anything is written), migrations, then keys, bootstrap users and the dummy hash at once.
 */
export async function startup(c: Container): Promise<void> {
  resolve(c, TOKENS.masterKey);
  const redis = resolve(c, TOKENS.redis);
  const logger = resolve(c, TOKENS.logger);
  await migrate(resolve(c, TOKENS.db));
  await Promise.all([
    // until connected every limiter call would count as an outage; if Redis is down, the limiter's failure mode applies
    redis
      ? redisReady(redis, REDIS_READY_TIMEOUT_MS).then(
          (up) => up || logger.warn('Redis is not reachable at start; rate limiting follows RATE_LIMIT_STORE_FAILURE'),
        )
      : undefined,
    resolve(c, RotateKeys).execute(),
    resolve(c, BootstrapUsers).execute(resolve(c, TOKENS.config).bootstrapUsers),
    resolve(c, IssueToken).warmUp(),
  ]);
  const cipher = resolve(c, TOKENS.cipher);
  if (cipher instanceof AesGcmKeyCipher && cipher.openedWithOlderKeys > 0) {
    logger.warn(
      { keys: cipher.openedWithOlderKeys },
      'some stored signing keys are sealed under an older master key or passphrase derivation: run `jwks-auth-server rekey` to re-seal them under the current one',
    );
  }
}
