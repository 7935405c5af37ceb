import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from './flexible.js';
import { BoundedRateLimiterMemory, DEFAULT_MEMORY_KEYS } from './bounded-memory.js';
import { StoreOutage, type RateLimitLogger, type StoreFailureMode } from './store-outage.js';
import { DomainError } from '../../domain/errors.js';
import type { RateLimitDecision, RateLimiter } from '../../domain/ports/rate-limiter.js';

/** `points` requests per key per `durationSeconds`, counted from the key's first request. */
export interface RateLimitOptions {
  /** At least 1; for "no limit" use `unlimited()` (unlimited-rate-limiter.ts). */
  points: number;
  /** A whole number of seconds: Redis expiries are whole seconds. */
  durationSeconds: number;
  /** Namespaces the keys, e.g. `jwks:rl:auth`; one per limiter. */
  keyPrefix: string;
  /** Most keys held in process memory (the memory store, or Redis's memory insurance); the oldest go first. */
  maxKeys?: number;
}

/** A limiter that can say whether its store answers (read by the metrics). */
export interface StoreAwareRateLimiter extends RateLimiter {
  /** False while its store (Redis) fails and the failure mode applies. */
  readonly storeAvailable: boolean;
}

/** True when `limiter` reports its store's state. */
export function isStoreAware(limiter: RateLimiter): limiter is StoreAwareRateLimiter {
  return typeof (limiter as Partial<StoreAwareRateLimiter>).storeAvailable === 'boolean';
}

/** A {@link RateLimiter} over rate-limiter-flexible: a fixed window per key that opens with the key's first request. */
class FlexibleRateLimiter implements StoreAwareRateLimiter {
  private readonly outage: StoreOutage;

  /** Prefer {@link memoryRateLimiter} and {@link redisRateLimiter}. */
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly onStoreFailure: StoreFailureMode | undefined,
    logger?: RateLimitLogger,
  ) {
    this.outage = new StoreOutage({ keyPrefix: limiter.keyPrefix, onStoreFailure }, logger);
  }

  get storeAvailable(): boolean {
    return !this.outage.down;
  }

  async consume(key: string): Promise<RateLimitDecision> {
    // Passed through as rate-limiter-flexible's `options`, which it hands on to the insurance limiter.
    const call = this.outage.begin();
    try {
      const res = await this.limiter.consume(key, 1, call);
      this.outage.observe(call, !call.fellBack);
      return this.decision(true, res);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        this.outage.observe(call, !call.fellBack);
        return this.decision(false, err);
      }
      if (this.onStoreFailure === undefined || this.onStoreFailure === 'memory') throw err;
      this.outage.observe(call, false, err);
      if (this.onStoreFailure === 'closed') {
        throw new DomainError('UNAVAILABLE', 'rate limiter store is unavailable', { cause: err });
      }
      return {
        allowed: true,
        limit: this.limiter.points,
        remaining: this.limiter.points - 1,
        resetMs: this.limiter.msDuration,
        windowSeconds: this.limiter.duration,
      };
    }
  }

  private decision(allowed: boolean, res: RateLimiterRes): RateLimitDecision {
    return {
      allowed,
      limit: this.limiter.points,
      remaining: res.remainingPoints,
      resetMs: res.msBeforeNext,
      windowSeconds: this.limiter.duration,
    };
  }
}

/** The insurance limiter (RATE_LIMIT_STORE_FAILURE=memory): plain memory, except that it marks the calls it serves. */
class InsuranceMemoryLimiter extends BoundedRateLimiterMemory {
  override consume(key: string | number, points?: number, options?: { [key: string]: unknown }): Promise<RateLimiterRes> {
    if (options) options['fellBack'] = true;
    return super.consume(key, points, options);
  }
}

function checked({ points, durationSeconds, keyPrefix }: RateLimitOptions) {
  if (!Number.isInteger(points) || points < 1)
    throw new RangeError(`points must be a positive integer (use unlimited() for none), got ${points}`);
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1)
    throw new RangeError(`durationSeconds must be a positive integer, got ${durationSeconds}`);
  return { points, duration: durationSeconds, keyPrefix };
}

/** A limiter that counts in this process's memory: right for a single instance. */
export function memoryRateLimiter(opts: RateLimitOptions): StoreAwareRateLimiter {
  return new FlexibleRateLimiter(new BoundedRateLimiterMemory(checked(opts), opts.maxKeys ?? DEFAULT_MEMORY_KEYS), undefined);
}

/**
 * A limiter that counts in Redis, shared by every instance. Build `client` with `createRedisClient` (redis-client.ts)
 * (or with `enableOfflineQueue: false` and a small `maxRetriesPerRequest`) so that commands fail fast
 * while Redis is down; `onStoreFailure` then decides, and `logger` hears once per outage.
 */
export function redisRateLimiter(
  opts: RateLimitOptions & { client: Redis; onStoreFailure: StoreFailureMode; logger: RateLimitLogger },
): StoreAwareRateLimiter {
  const base = checked(opts);
  const limiter = new RateLimiterRedis({
    ...base,
    storeClient: opts.client,
    useRedisPackage: false,
    ...(opts.onStoreFailure === 'memory'
      ? { insuranceLimiter: new InsuranceMemoryLimiter(base, opts.maxKeys ?? DEFAULT_MEMORY_KEYS) }
      : {}),
  });
  return new FlexibleRateLimiter(limiter, opts.onStoreFailure, opts.logger);
}

export type { RateLimitLogger, StoreFailureMode } from './store-outage.js';
