/** The assembled server (the same composition `npm start` runs), for embedding or tests. */
export { startServer, compose, createLogger, startupFailure, TOKENS, type RunningServer } from './main.js';
export { loadConfig, ConfigError, type Config } from './config.js';
