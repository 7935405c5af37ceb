import type Router from '@koa/router';
import type { PublishJwks } from '../../../application/publish-jwks.js';
import { matchesEtag } from '../cacheable.js';

/** GET (and HEAD) /.well-known/jwks.json, with an ETag (304 on If-None-Match) and a bounded max-age. */
export function jwksRoutes(router: Router, deps: { publishJwks: PublishJwks }): void {
  router.get('/.well-known/jwks.json', (ctx) => {
    const jwks = deps.publishJwks.execute();
    ctx.set('Cache-Control', `public, max-age=${jwks.maxAge}`);
    const etag = `"${jwks.version}"`;
    ctx.set('ETag', etag);
    if (matchesEtag(ctx.get('If-None-Match'), etag)) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/json';
    ctx.body = jwks.body;
  });
}
