import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { DomainError } from '../../domain/errors.js';
import { safeError } from '../safe-error.js';
import { errorHeaders, STATUS } from './error-statuses.js';
import { HttpProblem, sendProblem } from './problem.js';

/**
 * Turns every failure into a problem+json response: domain errors by code, {@link HttpProblem}s and
 * koa/http-errors with `expose` by their status, anything else into a bare 500 (logged, never shown).
 * Also gives 404/405/501 answers from the router a JSON body.
 */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null || ctx.body === '') {
        // the answers name what the server offers, never the path or method asked for (no reflected input)
        if (ctx.status === 404) sendProblem(ctx, 404, 'no such resource');
        else if (ctx.status === 405 || ctx.status === 501) {
          const allow = ctx.response.get('Allow');
          sendProblem(ctx, ctx.status, `this method is not allowed here${allow ? `; allowed: ${allow}` : ''}`);
        }
      }
    } catch (err) {
      if (err instanceof DomainError) {
        ctx.set(errorHeaders(err));
        sendProblem(ctx, STATUS[err.code], err.message, err.code);
        // an outage is logged once by whoever sees it first (key sync, limiter); per request it would flood
        if (err.code === 'UNAVAILABLE') logger.debug({ code: err.code, cause: safeError(err.cause) }, err.message);
        else if (STATUS[err.code] >= 500) logger.error({ code: err.code, cause: safeError(err.cause) }, err.message);
      } else if (err instanceof HttpProblem) {
        ctx.set(err.headers);
        sendProblem(ctx, err.status, err.detail, err.code);
      } else if (isExposedHttpError(err)) {
        sendProblem(ctx, err.status); // its message may quote the request: the status's own title says enough
      } else {
        logger.error({ error: safeError(err) }, 'unhandled error');
        sendProblem(ctx, 500);
      }
    }
  };
}

function isExposedHttpError(err: unknown): err is { status: number } {
  const e = err as { status?: unknown; expose?: unknown };
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}
