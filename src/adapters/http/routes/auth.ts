import type Router from '@koa/router';
import type { IssueToken } from '../../../application/issue-token.js';
import type { RateLimiter } from '../../../domain/ports/rate-limiter.js';
import { parseBody } from '../body.js';
import { clientAddress } from '../client-ip.js';
import { readCredentials } from '../credentials.js';
import { rateLimit } from '../rate-limit.js';

const TRUE_VALUES = new Set(['', 'true', '1', 'yes']);

/**
 * POST /auth: credentials (JSON, form or Basic) → `200 {token, token_type, expires_in}`.
 * `?expired=true` signs with an expired key. Rate-limited per client before anything else.
 */
export function authRoutes(router: Router, deps: { issueToken: IssueToken; limiter: RateLimiter }): void {
  router.post('/auth', rateLimit(deps.limiter), parseBody({ form: true, required: false }), async (ctx) => {
    const expiredParam = ctx.query.expired;
    const expired = typeof expiredParam === 'string' && TRUE_VALUES.has(expiredParam.toLowerCase());
    const { username, password } = readCredentials(ctx);
    const issued = await deps.issueToken.execute({ username, password, ip: clientAddress(ctx.ip), expired });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      token: issued.token,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
    };
  });
}
