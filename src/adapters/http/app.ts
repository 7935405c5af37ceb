import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { IssueToken } from '../../application/issue-token.js';
import type { PublishJwks } from '../../application/publish-jwks.js';
import type { RegisterUser } from '../../application/register-user.js';
import { DomainError } from '../../domain/errors.js';
import type { RateLimiter } from '../../domain/ports/rate-limiter.js';
import { errorMiddleware } from './error-middleware.js';
import { requestLogger } from './request-logger.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { jwksRoutes } from './routes/jwks.js';
import { registerRoutes } from './routes/register.js';

export interface HttpDeps {
  issueToken: IssueToken;
  registerUser: RegisterUser;
  publishJwks: PublishJwks;
  authLimiter: RateLimiter;
  registerLimiter: RateLimiter;
  logger: Logger;
  /** Settles when start-up work (migrations, first keys) is done; requests wait for it. */
  started: Promise<void>;
  readiness: ReadinessCheck;
  /** Trusted proxy hops: 0 uses the socket address, N reads the Nth-from-last X-Forwarded-For entry. */
  trustProxy: number;
}

/** The Koa application: routes, one error handler, one log line per request. No listening here. */
export function createApp(deps: HttpDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy > 0, maxIpsCount: deps.trustProxy });
  app.silent = true; // errors are logged by errorMiddleware, never printed by Koa

  const router = new Router();
  healthRoutes(router, { readiness: deps.readiness });
  jwksRoutes(router, { publishJwks: deps.publishJwks });
  authRoutes(router, { issueToken: deps.issueToken, limiter: deps.authLimiter });
  registerRoutes(router, { registerUser: deps.registerUser, limiter: deps.registerLimiter });

  app.use(requestLogger(deps.logger));
  app.use(errorMiddleware(deps.logger));
  app.use(async (ctx, next) => {
    if (ctx.path !== '/healthz' && ctx.path !== '/readyz') {
      // During start-up, wait rather than fail; if start-up failed (the process is exiting), say so.
      await deps.started.catch((cause: unknown) => {
        throw new DomainError('UNAVAILABLE', 'the server failed to start', { cause });
      });
    }
    await next();
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
