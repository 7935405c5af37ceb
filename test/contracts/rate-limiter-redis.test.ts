import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { redisRateLimiter } from '../../src/adapters/ratelimit/flexible-rate-limiter.js';
import { createRedisClient, redisReady } from '../../src/adapters/ratelimit/redis-client.js';
import { describeWith } from '../support/services.js';
import { rateLimiterContract } from './rate-limiter.contract.js';

describeWith(['redis'], 'Redis rate limiter', ({ redisUrl: url }) => {
  const run = `rl-test:${randomUUID()}`;
  let client: Redis;
  let limiters = 0;

  beforeAll(async () => {
    client = createRedisClient(url);
    if (!(await redisReady(client, 5_000))) throw new Error(`Redis at ${url} is not answering`);
  });
  afterAll(async () => {
    const keys = await client.keys(`${run}:*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  rateLimiterContract('redis', async ({ points, durationSeconds }) => {
    const warnings: unknown[] = [];
    const logger = { warn: (obj: object) => warnings.push(obj), info: () => {} };
    const keyPrefix = `${run}:${++limiters}`;
    const limiter = redisRateLimiter({ client, points, durationSeconds, keyPrefix, onStoreFailure: 'memory', logger });
    return {
      limiter,
      // A warning means the memory insurance answered, not Redis: the run would prove nothing.
      close: async () => {
        if (warnings.length > 0) throw new Error(`the limiter fell back to memory: ${JSON.stringify(warnings)}`);
      },
    };
  });
});
