import type { Context } from 'koa';

/** The `Content-Type` of a JSON answer, in full. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers with `body` as JSON, serialized here rather than by Koa. Koa's body setter and its
 * respond() test an object body against the web `ReadableStream`, `Blob` and `Response` globals,
 * and Node builds those on first use: the first JSON answer loaded web streams and undici (with
 * http2 and tls), ~35 ms of the first request and memory the server never uses otherwise. A string
 * body skips those tests. `type` is the `Content-Type` header in full: set as given, where Koa's
 * `ctx.type` would look it up in mime-types, which the bundle loads only on first use
 * (scripts/bundle.mjs), so that no JSON answer needs it.
 */
export function sendJson(ctx: Context, body: unknown, type = JSON_TYPE): void {
  ctx.set('Content-Type', type);
  ctx.body = JSON.stringify(body);
}
