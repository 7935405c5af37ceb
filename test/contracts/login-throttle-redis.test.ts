import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { redisCounters } from '../../src/adapters/ratelimit/counter-stores.js';
import { FlexibleLoginThrottle } from '../../src/adapters/ratelimit/flexible-login-throttle.js';
import { createRedisClient, redisReady } from '../../src/adapters/ratelimit/redis-client.js';
import { describeWith } from '../support/services.js';
import { loginThrottleContract } from './login-throttle.contract.js';

describeWith(['redis'], 'Redis login throttle', ({ redisUrl: url }) => {
  const run = `login-test:${randomUUID()}`;
  let client: Redis;

  beforeAll(async () => {
    client = createRedisClient(url);
    if (!(await redisReady(client, 5_000))) throw new Error(`Redis at ${url} is not answering`);
  });
  afterAll(async () => {
    const keys = await client.keys(`${run}:*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  // 'closed': a Redis error fails the test instead of being answered from memory
  loginThrottleContract('redis', async (policy) => ({
    throttle: new FlexibleLoginThrottle(policy, redisCounters(client, 'closed'), run, 'closed'),
    close: async () => {},
  }));
});
