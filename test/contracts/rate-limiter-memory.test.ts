import { memoryRateLimiter } from '../../src/adapters/ratelimit/flexible-rate-limiter.js';
import { rateLimiterContract } from './rate-limiter.contract.js';

rateLimiterContract('memory', async ({ points, durationSeconds }) => ({
  limiter: memoryRateLimiter({ points, durationSeconds, keyPrefix: 'contract' }),
  close: async () => {},
}));
