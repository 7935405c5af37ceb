import type { Context, Middleware } from 'koa';
import { HttpProblem } from './problem.js';

declare module 'koa' {
  interface Request {
    /** The parsed body: a JSON object, or a form's fields (a repeated field as an array). */
    body?: unknown;
  }
}

/** Largest accepted request body. */
export const BODY_LIMIT = '4kb';
const LIMIT_BYTES = 4096;
// one decoder for every request: without `stream`, each decode() stands alone
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON object or (when `form`) URL-encoded fields, in UTF-8, up to {@link BODY_LIMIT}, into
 * `ctx.request.body`. Refuses other media types, another charset or a content coding with 415, a
 * larger body with 413 (before reading it when Content-Length says so), malformed JSON, JSON that is
 * not an object, or bytes that are not UTF-8 with 400. An empty body is `{}`.
 *
 * Two forms and one encoding need no general-purpose parser: Node's own JSON.parse, URLSearchParams
 * and TextDecoder do it, without the ~750 KiB of code (co-body, qs, iconv-lite) a server loads at every start.
 */
export function parseBody(options: { form: boolean; required: boolean }): Middleware {
  return async (ctx, next) => {
    const length = ctx.get('Content-Length');
    const hasBody = Number(length || 0) > 0 || ctx.get('Transfer-Encoding') !== '';
    if (!hasBody && !options.required) return next();
    const form = options.form && ctx.request.type === 'application/x-www-form-urlencoded';
    if (!form && !isJson(ctx.request.type)) {
      throw new HttpProblem(415, `request body must be ${options.form ? 'JSON or a form' : 'JSON (application/json)'}`);
    }
    if (!/^(utf-?8)?$/i.test(ctx.request.charset)) throw new HttpProblem(415, 'request body must be UTF-8');
    if (!/^(identity)?$/i.test(ctx.get('Content-Encoding').trim())) throw new HttpProblem(415, 'request body must not be compressed');
    if (Number(length) > LIMIT_BYTES) throw tooLarge();
    const text = hasBody ? await readText(ctx) : '';
    ctx.request.body = form ? formFields(text) : jsonObject(text);
    await next();
  };
}

function isJson(type: string): boolean {
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

// the rest of the body is never read: the connection closes after the answer rather than drain it
const tooLarge = () => new HttpProblem(413, `request body is larger than ${BODY_LIMIT}`, undefined, { Connection: 'close' });

/** The body as UTF-8 text, reading no more than the limit (a longer one is refused as it arrives). */
async function readText(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > LIMIT_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof HttpProblem) throw err;
    throw new HttpProblem(400, 'request body could not be read'); // e.g. the client went away mid-body
  }
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new HttpProblem(400, 'request body is not valid UTF-8');
  }
}

function jsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'request body must be a valid JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpProblem(400, 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** A form's fields; one sent twice becomes an array, which no string field accepts. */
function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}
