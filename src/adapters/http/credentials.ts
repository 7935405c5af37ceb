import type { Context } from 'koa';

export interface Credentials {
  username: unknown;
  password: unknown;
}

/**
 * Credentials of a POST /auth: from the body (JSON or form) when it names a username, otherwise
 * from HTTP Basic. Any other Authorization scheme (a Bearer token, say) is not ours and is ignored.
 */
export function readCredentials(ctx: Context): Credentials {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  if (body.username !== undefined || body.password !== undefined) {
    return { username: body.username, password: body.password };
  }
  return basicCredentials(ctx.get('Authorization')) ?? { username: undefined, password: undefined };
}

function basicCredentials(header: string): Credentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
