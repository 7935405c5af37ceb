import { resolve as resolvePath } from 'node:path';
import type { Config } from './config.js';
import type { PublicUrl } from './public-url.js';

/** Where everything is, for the start-up line: URLs to open, and the files an operator must keep. */
export interface Whereabouts {
  readonly api: string;
  readonly jwks: string;
  readonly docs: string;
  /** Absent when metrics are off. */
  readonly metrics?: string;
  /** `SQLite <absolute path>`, or `PostgreSQL <URL without its password>`. */
  readonly database: string;
  /** The master key file's absolute path, or `NOT_MY_KEY` when the key comes from the environment. */
  readonly masterKey: string;
}

export function whereabouts(config: Config, url: PublicUrl, metricsUrl: string | undefined): Whereabouts {
  return {
    api: url.base,
    jwks: `${url.base}/.well-known/jwks.json`,
    docs: `${url.base}/docs`,
    ...(metricsUrl ? { metrics: metricsUrl } : {}),
    database: config.databaseUrl ? `PostgreSQL ${withoutPassword(config.databaseUrl)}` : `SQLite ${resolvePath(config.dbPath)}`,
    masterKey: config.masterKey !== undefined ? 'NOT_MY_KEY' : resolvePath(config.masterKeyFile),
  };
}

/** The one start-up line a person reads: `listening on <api> (docs …, JWKS …, metrics …); database …; master key …`. */
export function listeningMessage(w: Whereabouts): string {
  const urls = [`docs ${w.docs}`, `JWKS ${w.jwks}`, `metrics ${w.metrics ?? 'off'}`].join(', ');
  const key = w.masterKey === 'NOT_MY_KEY' ? 'master key from NOT_MY_KEY' : `master key file ${w.masterKey}`;
  return `listening on ${w.api} (${urls}); database ${w.database}; ${key}`;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}
