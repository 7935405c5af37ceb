import { FlexibleLoginThrottle } from '../../src/adapters/ratelimit/flexible-login-throttle.js';
import { memoryCounters } from '../../src/adapters/ratelimit/counter-stores.js';
import { loginThrottleContract } from './login-throttle.contract.js';

loginThrottleContract('memory', async (policy) => ({
  throttle: new FlexibleLoginThrottle(policy, memoryCounters(), 'contract:login'),
  close: async () => {},
}));
