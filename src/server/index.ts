/**
 * `jwks-auth-server/server`: the assembled server (the same composition `npm start` runs), for
 * embedding or tests. Swap an adapter by registering it under {@link TOKENS} in a child container.
 */
export { startServer, type RunningServer } from './lifecycle.js';
export { compose, resolve, TOKENS, type Container, type Token } from './composition/index.js';
export { loadConfig, ConfigError, type Config, type RateLimitSetting } from './config.js';
export { createLogger } from './logging.js';
export { startupFailure } from './startup-failure.js';
