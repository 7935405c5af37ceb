import type Router from '@koa/router';
import type { Context } from 'koa';
import type { JwksDocument, PublishJwks } from '../../../application/publish-jwks.js';
import { matchesEtag } from '../cacheable.js';
import { JWKS_PATH } from '../discovery.js';
import { JSON_TYPE } from '../json.js';

/** GET (and HEAD) /.well-known/jwks.json, with an ETag (304 on If-None-Match) and a bounded max-age. */
export function jwksRoutes(router: Router, deps: { publishJwks: PublishJwks }): void {
  // once start-up is done the fast path (jwks-fast-path.ts) answers ahead of this route
  router.get(JWKS_PATH, async (ctx) => sendJwks(ctx, await deps.publishJwks.executeWhenLoaded()));
}

function sendJwks(ctx: Context, jwks: JwksDocument): void {
  const { cacheControl, etag } = jwksValidators(jwks);
  ctx.set('Cache-Control', cacheControl);
  ctx.set('ETag', etag);
  if (matchesEtag(ctx.get('If-None-Match'), etag)) {
    ctx.status = 304;
    return;
  }
  ctx.set('Content-Type', JSON_TYPE);
  ctx.body = jwks.body;
}

/** The caching headers of a JWKS document: its version as a strong ETag, its bounded max-age. */
export function jwksValidators(jwks: JwksDocument): { cacheControl: string; etag: string } {
  return { cacheControl: `public, max-age=${jwks.maxAge}`, etag: `"${jwks.version}"` };
}
