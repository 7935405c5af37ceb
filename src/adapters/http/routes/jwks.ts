import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { JwksDocument, PublishJwks } from '../../../application/publish-jwks.js';
import { matchesEtag } from '../cacheable.js';

const JWKS_PATH = '/.well-known/jwks.json';

/** GET (and HEAD) /.well-known/jwks.json, with an ETag (304 on If-None-Match) and a bounded max-age. */
export function jwksRoutes(router: Router, deps: { publishJwks: PublishJwks }): void {
  router.get(JWKS_PATH, (ctx) => sendJwks(ctx, deps.publishJwks));
}

/**
 * The JWKS, answered ahead of the middleware stack once start-up is done: every relying party polls
 * it, and its body is precomputed, so the error handler, the start-up gate and the router in front
 * of it were most of its cost. Mounted inside the request log and the metrics, which still see it
 * (under the route's own label). Before start-up is done, or if anything here throws, the request
 * takes the ordinary way through the stack (and its error handler).
 */
export function jwksShortcut(deps: { publishJwks: PublishJwks; ready: () => boolean }): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== JWKS_PATH || (ctx.method !== 'GET' && ctx.method !== 'HEAD') || !deps.ready()) return next();
    try {
      sendJwks(ctx, deps.publishJwks);
      (ctx as { _matchedRoute?: string })._matchedRoute = JWKS_PATH; // what the router sets: the metrics' route label
    } catch {
      return next();
    }
  };
}

// the header values of the last document (the use-case hands out the same object while nothing changes)
let last: { jwks: JwksDocument; cacheControl: string; etag: string } | undefined;

function sendJwks(ctx: Context, publishJwks: PublishJwks): void {
  const jwks = publishJwks.execute();
  if (last?.jwks !== jwks) last = { jwks, cacheControl: `public, max-age=${jwks.maxAge}`, etag: `"${jwks.version}"` };
  const { cacheControl, etag } = last;
  ctx.set('Cache-Control', cacheControl);
  ctx.set('ETag', etag);
  if (matchesEtag(ctx.get('If-None-Match'), etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json';
  ctx.body = jwks.body;
}
