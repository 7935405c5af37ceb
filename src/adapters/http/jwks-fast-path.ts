import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { JwksDocument, PublishJwks } from '../../application/publish-jwks.js';
import { matchesEtag } from './cacheable.js';
import { requestIp } from './client-ip.js';
import { JWKS_PATH } from './discovery.js';
import { JSON_TYPE } from './json.js';
import type { HttpObserver } from './observer.js';
import { jwksValidators } from './routes/jwks.js';

export interface JwksFastPathDeps {
  publishJwks: PublishJwks;
  /** Where the request line goes: the same five fields the request log writes for every other route. */
  lines: Logger;
  observer?: HttpObserver;
  /** As the app's: which X-Forwarded-For entry is the client. */
  trustProxy: number;
  /** False until start-up is done: until then the request takes the ordinary way (and waits there). */
  ready: () => boolean;
}

/** The header values of one JWKS document (the use-case hands out the same object while nothing changes). */
interface Representation {
  readonly jwks: JwksDocument;
  readonly headers: Record<string, string>;
  readonly notModified: Record<string, string>;
}

/**
 * GET and HEAD /.well-known/jwks.json answered on the bare request, ahead of Koa: every relying party
 * polls it and its body is prebuilt per key change, so Koa's context, its middleware chain and the
 * router were most of its cost. It answers exactly as the route does (the same headers, ETag and 304,
 * `nosniff`), writes the same request line and reports the same metrics. Returns false, having
 * written nothing, for any other request, before start-up is done, or if the document cannot be had.
 */
export function jwksFastPath(deps: JwksFastPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  let last: Representation | undefined;
  return (req, res) => {
    const method = req.method;
    if ((method !== 'GET' && method !== 'HEAD') || !isJwksPath(req.url) || !deps.ready()) return false;
    const start = performance.now();
    let jwks: JwksDocument;
    try {
      jwks = deps.publishJwks.execute();
    } catch {
      return false; // the ordinary route reports it, through the error handler
    }
    if (last?.jwks !== jwks) last = represent(jwks);
    const notModified = matchesEtag(header(req.headers['if-none-match']), last.headers.ETag!);
    const status = notModified ? 304 : 200;
    res.writeHead(status, notModified ? last.notModified : last.headers);
    res.end(notModified || method === 'HEAD' ? undefined : jwks.body);
    const ms = performance.now() - start;
    deps.observer?.request(method, JWKS_PATH, status, ms / 1000);
    const ip = requestIp(req, deps.trustProxy);
    deps.lines.info({ method, path: JWKS_PATH, status, ms: Math.round(ms * 10) / 10, ip }, 'request');
    return true;
  };
}

/** The path, without a query string, is the JWKS's (Koa's `ctx.path` compares it the same way). */
function isJwksPath(url: string | undefined): boolean {
  if (!url?.startsWith(JWKS_PATH)) return false;
  return url.length === JWKS_PATH.length || url.charCodeAt(JWKS_PATH.length) === 63; // '?'
}

function represent(jwks: JwksDocument): Representation {
  const { cacheControl, etag } = jwksValidators(jwks);
  const common = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': cacheControl, ETag: etag };
  const headers = { ...common, 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(jwks.body)) };
  return { jwks, headers, notModified: common };
}

const header = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join(',') : (value ?? ''));
