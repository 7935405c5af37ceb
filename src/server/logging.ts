import type { Knex } from 'knex';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** The JSON logger: one line per event on stdout; secrets are never passed to it, and redacted if they were. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'jwks-auth-server' },
    redact: { paths: ['password', 'token', 'masterKey', '*.password', '*.token', 'headers.authorization'], censor: '[redacted]' },
  });
}

/**
 * knex's own warnings (pool and connection trouble) as log lines instead of console output, each
 * distinct message at most once a minute (during an outage knex repeats them per request).
 */
export function knexLog(logger: Logger, intervalMs = 60_000): Knex.Logger {
  const last = new Map<string, number>();
  const fresh = (text: string) => {
    const now = Date.now();
    if (now - (last.get(text) ?? -Infinity) < intervalMs) return false;
    last.set(text, now);
    return true;
  };
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message)).split('\n')[0]!.slice(0, 300);
  return {
    warn: (m: unknown) => void (fresh(text(m)) && logger.warn({ source: 'knex' }, text(m))),
    error: (m: unknown) => void (fresh(text(m)) && logger.error({ source: 'knex' }, text(m))),
    deprecate: () => undefined,
    debug: () => undefined,
  };
}
