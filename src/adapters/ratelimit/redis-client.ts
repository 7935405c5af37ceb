import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

/**
 * An ioredis client for the limiters: connects at once and reconnects by itself (every ≤ 2 s),
 * fails commands at once instead of queueing them while disconnected, and never crashes the process
 * on a connection error (the limiter's `onStoreFailure` and logger deal with outages).
 */
export function createRedisClient(url: string): Redis {
  // Loaded here, not at import: without REDIS_URL the server never pays for ioredis (~100 ms).
  const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const client = new RedisClient(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  client.on('error', () => {}); // reported through the limiter's logger, once per outage
  return client;
}

/**
 * Resolves `true` once `client` is ready, or `false` after `timeoutMs`. Await it at start-up: until
 * then a client without an offline queue fails every command, which would count as an outage.
 */
export function redisReady(client: Redis, timeoutMs = 2_000): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.once('ready', onReady);
  });
}
