import { STATUS_CODES } from 'node:http';
import type { Context } from 'koa';
import { sendJson } from './json.js';

/** An HTTP failure with a message safe to show the client (RFC 9457 problem details). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly code?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** Writes an uncacheable `application/problem+json` body: `{type, title, status, detail?, code?}`. */
export function sendProblem(ctx: Context, status: number, detail?: string, code?: string): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store'); // an error is never cacheable, whatever the route had set
  const problem = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(code ? { code } : {}),
  };
  sendJson(ctx, problem, 'application/problem+json');
}
