import type { Middleware } from 'koa';
import { DomainError } from '../../domain/errors.js';
import type { RateLimiter } from '../../domain/ports/rate-limiter.js';
import { rateLimitKey } from './client-ip.js';

/**
 * Applies a {@link RateLimiter} per client before anything else runs (no body parsing, no hashing).
 * Sets RateLimit-* headers (IETF draft) on every answer; a refusal is `DomainError('RATE_LIMITED')`,
 * which the error table turns into a 429 with `Retry-After`.
 */
export function rateLimit(limiter: RateLimiter): Middleware {
  return async (ctx, next) => {
    const decision = await limiter.consume(rateLimitKey(ctx.ip));
    if (!Number.isFinite(decision.limit)) return next(); // limiter turned off: nothing to advertise
    const reset = Math.max(1, Math.ceil(decision.resetMs / 1000));
    ctx.set({
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(reset),
      'RateLimit-Policy': `${decision.limit};w=${decision.windowSeconds}`,
    });
    if (!decision.allowed) throw new DomainError('RATE_LIMITED', 'too many requests; retry later', { retryAfterSeconds: reset });
    await next();
  };
}
