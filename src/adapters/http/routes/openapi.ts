import type Router from '@koa/router';
import { sendCacheable, staticRepresentation, type StaticRepresentation } from '../cacheable.js';
import type { DocumentInfo } from '../openapi/document.js';

const MAX_AGE = 3600;

/**
 * GET /openapi.json: the OpenAPI 3.1 document, generated on first request and kept. Its module (the
 * response schemas, the operations, the generator) is loaded then too, not at start-up: a server
 * that is never asked for its document never builds them.
 */
export function openApiRoutes(router: Router, info: DocumentInfo): void {
  let document: Promise<StaticRepresentation> | undefined;
  router.get('/openapi.json', async (ctx) => {
    document ??= import('../openapi/document.js').then(({ openApiDocument }) =>
      staticRepresentation(JSON.stringify(openApiDocument(info)), 'application/json'),
    );
    sendCacheable(ctx, await document, MAX_AGE);
  });
}
