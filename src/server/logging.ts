import type { Knex } from 'knex';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.js';
import { logDestination } from './log-destination.js';

/**
 * The logger: one line per event on stdout, JSON lines, or readable lines when stdout is a terminal
 * (see {@link logDestination}). Secrets are never passed to it, and redacted if they were.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination: DestinationStream | undefined = logDestination()): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    base: { service: 'jwks-auth-server' },
    redact: { paths: ['password', 'token', 'masterKey', '*.password', '*.token', 'headers.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
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
