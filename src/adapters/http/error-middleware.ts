import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import { safeError } from '../safe-error.js';
import { HttpProblem, sendProblem } from './problem.js';

/** The one table from domain error codes to HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  BAD_CREDENTIALS: 401,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  NO_SIGNING_KEY: 503,
  KEY_DECRYPTION_FAILED: 500,
  UNAVAILABLE: 503,
};

const EXTRA_HEADERS: Partial<Record<ErrorCode, Record<string, string>>> = {
  BAD_CREDENTIALS: { 'WWW-Authenticate': 'Basic realm="jwks-auth-server", charset="UTF-8"' },
  NO_SIGNING_KEY: { 'Retry-After': '1' },
  UNAVAILABLE: { 'Retry-After': '1' },
};

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
        if (ctx.status === 404) sendProblem(ctx, 404, `no resource at ${ctx.path}`);
        else if (ctx.status === 405 || ctx.status === 501) {
          const allow = ctx.response.get('Allow');
          sendProblem(ctx, ctx.status, `${ctx.method} is not allowed here${allow ? `; allowed: ${allow}` : ''}`);
        }
      }
    } catch (err) {
      if (err instanceof DomainError) {
        ctx.set(EXTRA_HEADERS[err.code] ?? {});
        sendProblem(ctx, STATUS[err.code], err.message, err.code);
        // an outage is logged once by whoever sees it first (key sync, limiter); per request it would flood
        if (err.code === 'UNAVAILABLE') logger.debug({ code: err.code, cause: safeError(err.cause) }, err.message);
        else if (STATUS[err.code] >= 500) logger.error({ code: err.code, cause: safeError(err.cause) }, err.message);
      } else if (err instanceof HttpProblem) {
        ctx.set(err.headers);
        sendProblem(ctx, err.status, err.detail, err.code);
      } else if (isExposedHttpError(err)) {
        sendProblem(ctx, err.status, err.message);
      } else {
        logger.error({ error: safeError(err) }, 'unhandled error');
        sendProblem(ctx, 500);
      }
    }
  };
}

function isExposedHttpError(err: unknown): err is { status: number; message: string } {
  const e = err as { status?: unknown; expose?: unknown };
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}
