import type { Middleware } from 'koa';

/**
 * Headers every answer carries: `X-Content-Type-Options: nosniff`, and `Cache-Control: no-store`
 * unless the route sets a policy of its own (the JWKS is cacheable). Error answers are never
 * cacheable: the error handler sets no-store again on them.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
