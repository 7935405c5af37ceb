import type Router from '@koa/router';
import { sendCacheable, staticRepresentation, type StaticRepresentation } from '../cacheable.js';
import { openApiDocument, type DocumentInfo } from '../openapi/document.js';

const MAX_AGE = 3600;

/** GET /openapi.json: the OpenAPI 3.1 document, generated on first request (not at start-up) and kept. */
export function openApiRoutes(router: Router, info: DocumentInfo): void {
  let document: StaticRepresentation | undefined;
  router.get('/openapi.json', (ctx) => {
    document ??= staticRepresentation(JSON.stringify(openApiDocument(info)), 'application/json');
    sendCacheable(ctx, document, MAX_AGE);
  });
}
