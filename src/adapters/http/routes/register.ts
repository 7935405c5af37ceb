import type Router from '@koa/router';
import type { RegisterUser } from '../../../application/register-user.js';
import { DomainError } from '../../../domain/errors.js';
import type { RateLimiter } from '../../../domain/ports/rate-limiter.js';
import { parseBody } from '../body.js';
import { sendJson } from '../json.js';
import { countOutcomes } from '../observe.js';
import { rateLimit } from '../rate-limit.js';
import { parseRequest, RegisterRequest } from '../schemas/requests.js';

const invalid = (message: string) => new DomainError('INVALID_INPUT', message);

/**
 * POST /register: JSON `{username, email?}` → `201 {password}` (a generated UUIDv4, shown once).
 * `onOutcome` hears how each attempt ended (for metrics).
 */
export function registerRoutes(
  router: Router,
  deps: { registerUser: RegisterUser; limiter: RateLimiter; onOutcome?: (outcome: string) => void },
): void {
  const report = deps.onOutcome ?? (() => {});
  router.post('/register', countOutcomes(report), rateLimit(deps.limiter), parseBody({ form: false, required: true }), async (ctx) => {
    const body = parseRequest(RegisterRequest, ctx.request.body, invalid);
    const registration = await deps.registerUser.execute({ username: body.username, email: body.email });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    sendJson(ctx, { password: registration.password });
  });
}
