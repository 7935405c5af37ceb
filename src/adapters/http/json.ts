import type { Context } from 'koa';

/**
 * Answers with `body` as JSON, serialized here rather than by Koa. Koa's body setter and its
 * respond() test an object body against the web `ReadableStream`, `Blob` and `Response` globals,
 * and Node builds those on first use: the first JSON answer loaded web streams and undici (with
 * http2 and tls), ~35 ms of the first request and memory the server never uses otherwise. A string
 * body skips those tests; the bytes and headers are the same (`Content-Type` from `type`, with
 * `charset=utf-8`, and `Content-Length`).
 */
export function sendJson(ctx: Context, body: unknown, type = 'application/json'): void {
  ctx.type = type;
  ctx.body = JSON.stringify(body);
}
