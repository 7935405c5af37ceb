import type { Middleware } from 'koa';
import type { RateLimiter } from '../../domain/ports/rate-limiter.js';
import { rateLimitKey } from './client-ip.js';
import { HttpProblem } from './problem.js';

/**
 * Applies a {@link RateLimiter} per client before anything else runs (no body parsing, no hashing).
 * Sets RateLimit-* headers (IETF draft) on every answer and `Retry-After` on a 429.
 */
export function rateLimit(limiter: RateLimiter, windowSeconds: number): Middleware {
  return async (ctx, next) => {
    const decision = await limiter.consume(rateLimitKey(ctx.ip));
    if (!Number.isFinite(decision.limit)) return next(); // limiter turned off: nothing to advertise
    const reset = Math.max(1, Math.ceil(decision.resetMs / 1000));
    ctx.set({
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(reset),
      'RateLimit-Policy': `${decision.limit};w=${windowSeconds}`,
    });
    if (!decision.allowed) {
      throw new HttpProblem(429, 'too many requests; retry later', 'RATE_LIMITED', { 'Retry-After': String(reset) });
    }
    await next();
  };
}
