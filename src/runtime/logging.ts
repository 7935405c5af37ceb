import type { Knex } from 'knex';
import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';

/** The JSON logger: one line per event on stdout; secrets are never passed to it, and redacted if they were. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'jwks-auth-server' },
    redact: { paths: ['password', 'token', 'masterKey', '*.password', '*.token', 'headers.authorization'], censor: '[redacted]' },
  });
}

/** knex's own warnings (pool and connection trouble) as log lines instead of console output. */
export function knexLog(logger: Logger): Knex.Logger {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message)).slice(0, 300);
  return {
    warn: (m: unknown) => logger.warn({ source: 'knex' }, text(m)),
    error: (m: unknown) => logger.error({ source: 'knex' }, text(m)),
    deprecate: () => undefined,
    debug: () => undefined,
  };
}

