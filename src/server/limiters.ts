import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { memoryRateLimiter, redisRateLimiter } from '../adapters/ratelimit/flexible-rate-limiter.js';
import { unlimited } from '../adapters/ratelimit/unlimited-rate-limiter.js';
import type { RateLimiter } from '../domain/ports/rate-limiter.js';
import type { Config, RateLimitSetting } from './config.js';

/**
 * The limiter for one named limit: off at 0 points, in Redis when configured (shared by every
 * instance; a Redis outage is handled by the limiter per RATE_LIMIT_STORE_FAILURE), else in memory.
 */
export function rateLimiter(options: {
  name: string;
  setting: RateLimitSetting;
  config: Pick<Config, 'redisKeyPrefix' | 'rateLimitStoreFailure' | 'rateLimitMemoryKeys'>;
  redis: Redis | undefined;
  logger: Logger;
}): RateLimiter {
  const { name, setting, config, redis, logger } = options;
  if (setting.points === 0) return unlimited();
  const limit = {
    points: setting.points,
    durationSeconds: setting.windowSeconds,
    keyPrefix: `${config.redisKeyPrefix}:rl:${name}`,
    maxKeys: config.rateLimitMemoryKeys,
  };
  if (!redis) return memoryRateLimiter(limit);
  return redisRateLimiter({ ...limit, client: redis, onStoreFailure: config.rateLimitStoreFailure, logger });
}
