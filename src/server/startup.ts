import { AesGcmKeyCipher } from '../adapters/crypto/aes-gcm-key-cipher.js';
import { migrate } from '../adapters/persistence/migrations.js';
import { redisReady } from '../adapters/ratelimit/redis-client.js';
import { BootstrapUsers } from '../application/bootstrap-users.js';
import { IssueToken } from '../application/issue-token.js';
import { RotateKeys } from '../application/rotate-keys.js';
import { safeError } from '../adapters/safe-error.js';
import { resolve, TOKENS, type Container } from './composition/index.js';

/** How long start-up waits for a configured Redis before the limiters' failure mode applies. */
const REDIS_READY_TIMEOUT_MS = 2_000;

/** The start-up work's milestones. */
export interface Startup {
  /**
   * Requests can be let in: master key, migrations, bootstrap users, the dummy hash (and a configured
   * Redis, or its wait) are done. The first keys may still be on their way: the use-cases that need
   * them wait for them in the key holder. Rejects if any of that failed.
   */
  readonly serving: Promise<void>;
  /** Start-up is done, the signing key loaded (rejects, e.g. on a wrong master key, if start-up failed). */
  readonly started: Promise<void>;
  /** Everything start-up began has ended, the expired key included: what closing waits for. Never rejects. */
  readonly settled: Promise<void>;
}

/**
 * The start-up work behind a listening server: master key (first, so a bad key file fails before
 * anything is written), migrations, then keys, bootstrap users and the dummy hash at once. Requests
 * are let in once the accounts are ready ({@link Startup.serving}): a first start's signing key (RSA:
 * 0.1–0.8 s a key, at random) is waited for only where a token is signed or the JWKS built, so that
 * a login's password check runs while the key is made. The expired key (`?expired=true`) is generated
 * after the signing key and stored when done.
 */
export function startup(c: Container): Startup {
  const work: (Promise<unknown> | undefined)[] = [];
  let keys: Promise<unknown> | undefined;
  let expiredKey: Promise<unknown> | undefined;
  const serving = (async () => {
    resolve(c, TOKENS.masterKey);
    const redis = resolve(c, TOKENS.redis);
    const logger = resolve(c, TOKENS.logger);
    await migrate(resolve(c, TOKENS.db));
    // the key holder counts this rotation as under way from here: a request let in before it is done waits for it
    keys = resolve(c, RotateKeys)
      .execute({ expiredKeyLater: true })
      .then(({ expiredKeyStored }) => {
        expiredKey = expiredKeyStored?.catch((err: unknown) =>
          logger.warn({ error: safeError(err) }, 'the expired key could not be made at start; the next key sync tries again'),
        );
      });
    keys.catch(() => undefined); // surfaces through `started`, which awaits it once the rest is done
    const accounts = [
      // until connected every limiter call would count as an outage; if Redis is down, the limiter's failure mode applies
      redis
        ? redisReady(redis, REDIS_READY_TIMEOUT_MS).then(
            (up) => up || logger.warn('Redis is not reachable at start; rate limiting follows RATE_LIMIT_STORE_FAILURE'),
          )
        : undefined,
      resolve(c, BootstrapUsers).execute(resolve(c, TOKENS.config).bootstrapUsers),
      resolve(c, IssueToken).warmUp(),
    ];
    work.push(keys, ...accounts);
    await Promise.all(accounts);
  })();
  const started = (async () => {
    await serving;
    await keys;
    const cipher = resolve(c, TOKENS.cipher);
    if (cipher instanceof AesGcmKeyCipher && cipher.openedWithOlderKeys > 0) {
      resolve(c, TOKENS.logger).warn(
        { keys: cipher.openedWithOlderKeys },
        'some stored signing keys are sealed under an older master key or passphrase derivation: run `jwks-auth-server rekey` to re-seal them under the current one',
      );
    }
  })();
  const settled = (async () => {
    await started.catch(() => undefined);
    await Promise.allSettled(work); // a failure rejects `started` while the rest may still be running
    await expiredKey;
  })();
  return { serving, started, settled };
}
