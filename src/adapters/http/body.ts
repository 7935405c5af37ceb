import bodyParser from 'koa-bodyparser';
import type { Middleware } from 'koa';
import { HttpProblem } from './problem.js';

/** Largest accepted request body. */
export const BODY_LIMIT = '4kb';

/**
 * Parses JSON and (when `form`) URL-encoded bodies up to {@link BODY_LIMIT}; refuses other media
 * types with 415, a larger body with 413, malformed JSON with 400. JSON must be an object.
 */
export function parseBody(options: { form: boolean; required: boolean }): Middleware {
  const parser = bodyParser({
    enableTypes: options.form ? ['json', 'form'] : ['json'],
    jsonLimit: BODY_LIMIT,
    formLimit: BODY_LIMIT,
    strict: true,
    onerror: (err) => {
      const status = (err as { status?: number }).status;
      if (status === 413) throw new HttpProblem(413, `request body is larger than ${BODY_LIMIT}`);
      throw new HttpProblem(400, 'request body must be a valid JSON object');
    },
  });
  return async (ctx, next) => {
    const hasBody = Number(ctx.get('Content-Length') || 0) > 0 || ctx.get('Transfer-Encoding') !== '';
    if (hasBody || options.required) {
      if (!acceptedType(ctx.request.type, options.form)) {
        throw new HttpProblem(415, `request body must be ${options.form ? 'JSON or a form' : 'JSON (application/json)'}`);
      }
    }
    await parser(ctx, async () => {
      const body = ctx.request.body;
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        throw new HttpProblem(400, 'request body must be a JSON object');
      }
      await next();
    });
  };
}

function acceptedType(type: string, form: boolean): boolean {
  if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) return true;
  return form && type === 'application/x-www-form-urlencoded';
}
