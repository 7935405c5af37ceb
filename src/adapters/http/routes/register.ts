import type Router from '@koa/router';
import type { RegisterUser } from '../../../application/register-user.js';
import type { RateLimiter } from '../../../domain/ports/rate-limiter.js';
import { parseBody } from '../body.js';
import { rateLimit } from '../rate-limit.js';

/** POST /register: JSON `{username, email?}` → `201 {password}` (a generated UUIDv4, shown once). */
export function registerRoutes(router: Router, deps: { registerUser: RegisterUser; limiter: RateLimiter }): void {
  router.post('/register', rateLimit(deps.limiter), parseBody({ form: false, required: true }), async (ctx) => {
    const body = ctx.request.body as Record<string, unknown>;
    const registration = await deps.registerUser.execute({ username: body.username, email: body.email });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { password: registration.password };
  });
}
