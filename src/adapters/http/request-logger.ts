import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { rateLimitKey } from './client-ip.js';
import type { RejectionSummary } from './rejection-summary.js';

/**
 * One log line per request: method, path (no query string), status, duration, client address.
 * Those five fields are all it ever logs, none of them a secret, so its lines skip the logger's
 * redaction (a third of the cost of a line, paid on every request). A 429 is only counted in
 * `rejections` (a flood would otherwise write a line per request).
 */
export function requestLogger(logger: Logger, rejections: RejectionSummary): Middleware {
  const lines = requestLines(logger);
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      if (ctx.status === 429) rejections.count(rateLimitKey(ctx.ip));
      else
        lines.info(
          { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round((performance.now() - start) * 10) / 10, ip: ctx.ip },
          'request',
        );
    }
  };
}

/** The logger of request lines: `logger` without its redaction (see {@link requestLogger}). */
export const requestLines = (logger: Logger): Logger => logger.child({}, { redact: [] });
