import type { Redis } from 'ioredis';
import { RateLimiterRedis } from './flexible.js';
import { BoundedRateLimiterMemory, DEFAULT_MEMORY_KEYS } from './bounded-memory.js';
import type { CounterFactory } from './flexible-login-throttle.js';
import type { StoreFailureMode } from './store-outage.js';

/** Counters in this process's memory, each holding at most `maxKeys` keys: right for a single instance. */
export function memoryCounters(maxKeys = DEFAULT_MEMORY_KEYS): CounterFactory {
  return (opts) => new BoundedRateLimiterMemory(opts, maxKeys);
}

/**
 * Counters in Redis, shared by every instance, on the limiters' own client. While Redis is down,
 * `memory` counts in (bounded) memory per instance; `open` and `closed` surface the error to the caller.
 */
export function redisCounters(client: Redis, onStoreFailure: StoreFailureMode, maxKeys = DEFAULT_MEMORY_KEYS): CounterFactory {
  return (opts) =>
    new RateLimiterRedis({
      ...opts,
      storeClient: client,
      useRedisPackage: false,
      ...(onStoreFailure === 'memory' ? { insuranceLimiter: new BoundedRateLimiterMemory(opts, maxKeys) } : {}),
    });
}
