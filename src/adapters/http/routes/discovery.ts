import type Router from '@koa/router';
import { sendCacheable, staticRepresentation } from '../cacheable.js';
import { serverMetadata } from '../discovery.js';

/** How long clients may cache the metadata: it changes only with the deployment's settings. */
const MAX_AGE = 3600;

/**
 * GET /.well-known/openid-configuration and /.well-known/oauth-authorization-server (RFC 8414): the
 * same metadata, built once, with an ETag and a max-age.
 */
export function discoveryRoutes(router: Router, deps: { publicUrl: string; issuer: string }): void {
  const metadata = staticRepresentation(JSON.stringify(serverMetadata(deps.publicUrl, deps.issuer)), 'application/json');
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    router.get(path, (ctx) => sendCacheable(ctx, metadata, MAX_AGE));
  }
}
