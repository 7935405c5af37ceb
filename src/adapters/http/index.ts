/**
 * `jwks-auth-server/http`: the Koa HTTP adapter, for apps that assemble their own server around the
 * use-cases. Every export is named here on purpose (test/public-api.test.ts pins the list).
 */
export { createApp, createHandler, type HttpDeps } from './app.js';
export { HttpProblem, sendProblem } from './problem.js';
export { errorMiddleware } from './error-middleware.js';
export { rateLimit } from './rate-limit.js';
export { RejectionSummary } from './rejection-summary.js';
export type { ReadinessCheck } from './routes/health.js';
