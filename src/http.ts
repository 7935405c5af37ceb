/** The Koa HTTP adapter, for apps that assemble their own server around the use-cases. */
export { createApp, type HttpDeps } from './adapters/http/app.js';
export { HttpProblem, sendProblem } from './adapters/http/problem.js';
export { errorMiddleware } from './adapters/http/error-middleware.js';
export { rateLimit } from './adapters/http/rate-limit.js';
