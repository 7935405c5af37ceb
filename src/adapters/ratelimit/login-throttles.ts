import type { Redis } from 'ioredis';
import type { LoginDefencePolicy } from '../../domain/login-defence.js';
import type { LoginThrottle } from '../../domain/ports/login-throttle.js';
import { DEFAULT_MEMORY_KEYS } from './bounded-memory.js';
import { memoryCounters, redisCounters } from './counter-stores.js';
import { FlexibleLoginThrottle } from './flexible-login-throttle.js';
import type { StoreFailureMode } from './store-outage.js';

/** The per-account defence counting in this process's memory (at most `maxKeys` keys per counter): one instance. */
export function memoryLoginThrottle(policy: LoginDefencePolicy, opts: { keyPrefix: string; maxKeys?: number }): LoginThrottle {
  return new FlexibleLoginThrottle(policy, memoryCounters(opts.maxKeys ?? DEFAULT_MEMORY_KEYS), opts.keyPrefix);
}

/**
 * The per-account defence counting in Redis, shared by every instance. While Redis is down,
 * `onStoreFailure` decides as for the rate limiters: `memory` counts per instance, `open` lets
 * attempts through unchecked, `closed` refuses them with `DomainError('UNAVAILABLE')`.
 */
export function redisLoginThrottle(
  policy: LoginDefencePolicy,
  opts: { client: Redis; keyPrefix: string; onStoreFailure: StoreFailureMode; maxKeys?: number },
): LoginThrottle {
  const counters = redisCounters(opts.client, opts.onStoreFailure, opts.maxKeys ?? DEFAULT_MEMORY_KEYS);
  return new FlexibleLoginThrottle(policy, counters, opts.keyPrefix, opts.onStoreFailure);
}
