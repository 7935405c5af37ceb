import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/** One log line per request: method, path (no query string), status, duration, client address. */
export function requestLogger(logger: Logger): Middleware {
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      logger.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round((performance.now() - start) * 10) / 10, ip: ctx.ip },
        'request',
      );
    }
  };
}
