import { createHash } from 'node:crypto';
import type { Context } from 'koa';

/** A fixed representation, with its strong entity tag computed once. */
export interface StaticRepresentation {
  readonly body: string | Buffer;
  readonly type: string;
  readonly etag: string;
}

/** Wraps a body that does not change while the process runs; the ETag is a hash of its bytes. */
export function staticRepresentation(body: string | Buffer, type: string): StaticRepresentation {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Answers with `rep`, `Cache-Control: public, max-age` and its ETag; `304` when If-None-Match matches. */
export function sendCacheable(ctx: Context, rep: StaticRepresentation, maxAgeSeconds: number): void {
  ctx.set('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  ctx.set('ETag', rep.etag);
  if (matchesEtag(ctx.get('If-None-Match'), rep.etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = rep.type;
  ctx.body = rep.body;
}

/** RFC 9110 §13.1.2: `*` or any listed tag equal to ours under weak comparison. */
export function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}
