import Router from '@koa/router';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { IssueToken } from '../../application/issue-token.js';
import type { PublishJwks } from '../../application/publish-jwks.js';
import type { RegisterUser } from '../../application/register-user.js';
import { DomainError } from '../../domain/errors.js';
import type { RateLimiter } from '../../domain/ports/rate-limiter.js';
import { errorMiddleware } from './error-middleware.js';
import { observeRequests } from './observe.js';
import type { HttpObserver } from './observer.js';
import { clientIp } from './client-ip.js';
import { jwksFastPath } from './jwks-fast-path.js';
import { RejectionSummary } from './rejection-summary.js';
import { requestLines, requestLogger } from './request-logger.js';
import { securityHeaders } from './security-headers.js';
import { authRoutes } from './routes/auth.js';
import { discoveryRoutes } from './routes/discovery.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { jwksRoutes } from './routes/jwks.js';
import { openApiRoutes } from './routes/openapi.js';
import { registerRoutes } from './routes/register.js';

export interface HttpDeps {
  issueToken: IssueToken;
  registerUser: RegisterUser;
  publishJwks: PublishJwks;
  authLimiter: RateLimiter;
  registerLimiter: RateLimiter;
  logger: Logger;
  /** Where 429s are counted (one summary line per client per window) instead of logged one by one; close it at shutdown. */
  rejections?: RejectionSummary;
  /**
   * Settles when start-up work is done (migrations, first keys): the JWKS is answered ahead of the app
   * from then on (see {@link createHandler}).
   */
  started: Promise<void>;
  /**
   * Settles when what every request needs is ready (migrations, bootstrap users), which may be before
   * `started`: requests wait for it, and one that needs the first keys waits for them in its use-case.
   * Rejects if start-up failed. Defaults to `started`.
   */
  serving?: Promise<void>;
  readiness: ReadinessCheck;
  /** Trusted proxy hops: 0 uses the socket address, N reads the Nth-from-last X-Forwarded-For entry. */
  trustProxy: number;
  /** The base URL clients reach the API at: discovery URLs, the API document's server, the docs page's CSP. */
  publicUrl: string;
  /** The tokens' `iss`, published as the discovery metadata's `issuer`. */
  issuer: string;
  /** The version the API document states. */
  version?: string;
  /** Hears every request's route, status and duration, and login/registration outcomes (metrics). */
  observer?: HttpObserver;
  /** Serves GET /metrics on this app too: only when the operator asks for metrics on the API port. */
  metricsEndpoint?: () => Promise<{ body: string; contentType: string }>;
}

/** Every route of the API, registered on a new router (the OpenAPI document lists exactly these). */
export function apiRouter(deps: HttpDeps): Router {
  const router = new Router();
  healthRoutes(router, { readiness: deps.readiness });
  jwksRoutes(router, { publishJwks: deps.publishJwks });
  discoveryRoutes(router, { publicUrl: deps.publicUrl, issuer: deps.issuer });
  const observer = deps.observer;
  authRoutes(router, {
    issueToken: deps.issueToken,
    limiter: deps.authLimiter,
    ...(observer ? { onOutcome: (o) => observer.authOutcome(o) } : {}),
  });
  registerRoutes(router, {
    registerUser: deps.registerUser,
    limiter: deps.registerLimiter,
    ...(observer ? { onOutcome: (o) => observer.registrationOutcome(o) } : {}),
  });
  openApiRoutes(router, { publicUrl: deps.publicUrl, version: deps.version ?? '0.0.0' });
  docsRoutes(router, { publicUrl: deps.publicUrl });
  return router;
}

/** The Koa application: routes, one error handler, one log line per request. No listening here. */
export function createApp(deps: HttpDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy > 0, maxIpsCount: deps.trustProxy });
  app.silent = true; // errors are logged by errorMiddleware, never printed by Koa

  const router = apiRouter(deps);
  const serving = deps.serving ?? deps.started;
  let ready = false;
  serving.then(
    () => (ready = true),
    () => undefined,
  );
  app.use(clientIp());
  app.use(securityHeaders());
  if (deps.observer) app.use(observeRequests(deps.observer));
  app.use(requestLogger(deps.logger, deps.rejections ?? new RejectionSummary(deps.logger)));
  app.use(errorMiddleware(deps.logger));
  const metrics = deps.metricsEndpoint;
  if (metrics) {
    app.use(async (ctx, next) => {
      if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
      const { body, contentType } = await metrics();
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Content-Type', contentType); // in full, from prom-client
      ctx.body = body;
    });
  }
  app.use(async (ctx, next) => {
    if (!ready && ctx.path !== '/healthz' && ctx.path !== '/readyz') {
      // During start-up, wait rather than fail; if start-up failed (the process is exiting), say so.
      // Once serving, nothing is awaited here: no promise per request on the hot path.
      await serving.catch((cause: unknown) => {
        throw new DomainError('UNAVAILABLE', 'the server failed to start', { cause });
      });
    }
    await next();
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/**
 * The request listener for `http.createServer`: the app of {@link createApp}, with the JWKS answered
 * ahead of it once start-up is done (see {@link jwksFastPath}: the same answer, log line and metrics).
 */
export function createHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const koa = createApp(deps).callback();
  let ready = false;
  deps.started.then(
    () => (ready = true),
    () => undefined,
  );
  const jwks = jwksFastPath({
    publishJwks: deps.publishJwks,
    lines: requestLines(deps.logger),
    trustProxy: deps.trustProxy,
    ready: () => ready,
    ...(deps.observer ? { observer: deps.observer } : {}),
  });
  return (req, res) => {
    if (!jwks(req, res)) void koa(req, res);
  };
}
