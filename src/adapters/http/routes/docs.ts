import { readFile } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type Router from '@koa/router';
import { sendCacheable, staticRepresentation, type StaticRepresentation } from '../cacheable.js';
import { HttpProblem } from '../problem.js';

/** Swagger UI's own files that the page loads, served from the installed package (no CDN). */
const PACKAGE_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};
const ONE_DAY = 86_400;

// node:fs/promises would load (with readline's internals, for FileHandle.readLines) at every start, for
// the few reads of these files that a browser asks for
const readFileAsync = promisify(readFile);

// No inline script (script-src 'self' only); Swagger UI styles elements inline, hence style-src's
// 'unsafe-inline'; images it draws are data: URIs. "Try it out" may call the API's public origin.
const csp = (apiOrigin: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${apiOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jwks-auth-server API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/**
 * GET /docs: the API reference rendered by Swagger UI from /openapi.json, and GET /docs/{asset}: the
 * page's script, style and icons, read from the swagger-ui-dist package once and kept in memory.
 */
export function docsRoutes(router: Router, deps: { publicUrl: string }): void {
  const headers = {
    'Content-Security-Policy': csp(new URL(deps.publicUrl).origin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  const page = staticRepresentation(PAGE, 'text/html; charset=utf-8');
  const init = staticRepresentation(INIT, 'text/javascript; charset=utf-8');
  const assets = new Map<string, Promise<StaticRepresentation>>();
  const packageDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

  router.get('/docs', (ctx) => {
    ctx.set(headers);
    sendCacheable(ctx, page, ONE_DAY);
  });
  router.get('/docs/:asset', async (ctx) => {
    const name = ctx.params.asset ?? '';
    let rep: StaticRepresentation;
    if (name === 'init.js') rep = init;
    else {
      const type = Object.hasOwn(PACKAGE_ASSETS, name) ? PACKAGE_ASSETS[name] : undefined;
      if (type === undefined) throw new HttpProblem(404, `no asset ${name} in the docs page`);
      let loading = assets.get(name);
      if (!loading) {
        loading = readFileAsync(join(packageDir, name)).then((bytes) => staticRepresentation(bytes, type));
        assets.set(name, loading);
        loading.catch(() => assets.delete(name));
      }
      rep = await loading;
    }
    ctx.set(headers);
    sendCacheable(ctx, rep, ONE_DAY);
  });
}
