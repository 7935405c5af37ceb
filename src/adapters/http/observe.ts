import type { Middleware } from 'koa';
import { DomainError } from '../../domain/errors.js';
import { UNMATCHED_ROUTE, type HttpObserver } from './observer.js';
import { HttpProblem } from './problem.js';

/**
 * Times every request and reports it by route template (the router's matched route; for a wrong method,
 * the path's route; otherwise {@link UNMATCHED_ROUTE}) and final status. Mount it outside the error handler.
 */
export function observeRequests(observer: HttpObserver): Middleware {
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const route = ctx._matchedRoute ?? (ctx as { matched?: { path: string | RegExp }[] }).matched?.[0]?.path;
      observer.request(ctx.method, route === undefined ? UNMATCHED_ROUTE : String(route), ctx.status, (performance.now() - start) / 1000);
    }
  };
}

/**
 * Reports the outcome of the route it guards: `success`, or the refusal's code in snake case
 * (`bad_credentials`, `rate_limited`…); a bad body without a code is `invalid_request`, anything else `error`.
 */
export function countOutcomes(report: (outcome: string) => void): Middleware {
  return async (_ctx, next) => {
    try {
      await next();
    } catch (err) {
      report(outcomeOf(err));
      throw err;
    }
    report('success');
  };
}

function outcomeOf(err: unknown): string {
  if (err instanceof DomainError) return err.code.toLowerCase();
  if (err instanceof HttpProblem) return err.code ? err.code.toLowerCase() : err.status < 500 ? 'invalid_request' : 'error';
  return 'error';
}
