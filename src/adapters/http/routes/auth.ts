import type Router from '@koa/router';
import type { IssueToken } from '../../../application/issue-token.js';
import { DomainError } from '../../../domain/errors.js';
import type { RateLimiter } from '../../../domain/ports/rate-limiter.js';
import { parseBody } from '../body.js';
import { clientAddress, rateLimitKey } from '../client-ip.js';
import { readCredentials } from '../credentials.js';
import { sendJson } from '../json.js';
import { countOutcomes } from '../observe.js';
import { rateLimit } from '../rate-limit.js';
import { AuthRequest, parseRequest } from '../schemas/requests.js';

const TRUE_VALUES = new Set(['', 'true', '1', 'yes']);
const invalid = (message: string) => new DomainError('INVALID_INPUT', message);

/**
 * POST /auth: credentials (JSON, form or Basic) → `200 {token, token_type, expires_in}`.
 * `?expired=true` signs with an expired key. Rate-limited per client before anything else.
 * `onOutcome` hears how each attempt ended (for metrics).
 */
export function authRoutes(
  router: Router,
  deps: { issueToken: IssueToken; limiter: RateLimiter; onOutcome?: (outcome: string) => void },
): void {
  const report = deps.onOutcome ?? (() => {});
  router.post('/auth', countOutcomes(report), rateLimit(deps.limiter), parseBody({ form: true, required: false }), async (ctx) => {
    parseRequest(AuthRequest, ctx.request.body ?? {}, invalid);
    const expiredParam = ctx.query.expired;
    const expired = typeof expiredParam === 'string' && TRUE_VALUES.has(expiredParam.toLowerCase());
    const { username, password } = readCredentials(ctx);
    const issued = await deps.issueToken.execute({ username, password, ip: clientAddress(ctx.ip), client: rateLimitKey(ctx.ip), expired });
    ctx.set('Cache-Control', 'no-store');
    sendJson(ctx, {
      token: issued.token,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
    });
  });
}
