import type { RateLimitDecision, RateLimiter } from '../../domain/ports/rate-limiter.js';

/** The limiter to use when the limit is 0 ("off"): allows everything. */
export function unlimited(): RateLimiter {
  const decision: RateLimitDecision = { allowed: true, limit: Infinity, remaining: Infinity, resetMs: 0, windowSeconds: 0 };
  return { consume: async () => decision };
}
