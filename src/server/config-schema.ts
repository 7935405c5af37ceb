import * as z from 'zod'; // its functions, not its `z` object: the bundle then holds only the parts used
import { PASSWORD_MAX_LENGTH } from '../domain/password.js';

import { DEFAULT_SQLITE_PATH } from './defaults.js';

export { DEFAULT_SQLITE_PATH };

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const url = (schemes: string[]) =>
  optionalText.refine((v) => v === undefined || schemes.some((s) => v.startsWith(`${s}://`)), {
    message: `must start with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  });

const bootstrapUsers = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const users: { username: string; password: string }[] = [];
    for (const entry of value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const colon = entry.indexOf(':');
      if (colon <= 0 || colon === entry.length - 1 || entry.length - colon - 1 > PASSWORD_MAX_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          message: `must be comma-separated name:password pairs (password 1-${PASSWORD_MAX_LENGTH} characters)`,
        });
        return z.NEVER;
      }
      users.push({ username: entry.slice(0, colon), password: entry.slice(colon + 1) });
    }
    return users;
  });

const trustProxy = z
  .string()
  .trim()
  .toLowerCase()
  .default('false')
  .pipe(z.union([z.enum(['false', 'true']), z.string().regex(/^\d{1,2}$/, 'must be true, false or a number of hops')]))
  .transform((v) => (v === 'false' ? 0 : v === 'true' ? 1 : Number(v)));

/** Where metrics listen unless told: the OpenTelemetry Prometheus exporter's port, on loopback. */
export const DEFAULT_METRICS_PORT = 9464;

const publicUrl = optionalText.refine(
  (v) => {
    if (v === undefined) return true;
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  },
  { message: 'must be an http:// or https:// URL without query, fragment or credentials' },
);

const metricsPort = optionalText
  .refine((v) => v === undefined || v.toLowerCase() === 'off' || (/^\d{1,5}$/.test(v) && Number(v) <= 65_535), {
    message: 'must be off or a port number (0-65535)',
  })
  .transform((v) => (v === undefined ? undefined : v.toLowerCase() === 'off' ? ('off' as const) : Number(v)));

/**
 * The environment variables and their syntax (ranges, shapes, defaults). Rules that involve the
 * domain (key lifetimes, the Argon2 floor) are not restated here: the objects they belong to check them.
 */
export const envSchema = z.object({
  PORT: int(0, 65_535).default(8080),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DB_PATH: z.string().trim().min(1).default(DEFAULT_SQLITE_PATH),
  DATABASE_URL: url(['postgres', 'postgresql']),
  REDIS_URL: url(['redis', 'rediss']),
  RATE_LIMIT_STORE_FAILURE: z.enum(['memory', 'open', 'closed']).default('memory'),
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[\w:.-]{1,64}$/, 'must be 1-64 of letters, digits, _ : . -')
    .default('jwks'),
  NOT_MY_KEY: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v : undefined)),
  NOT_MY_KEY_FILE: z.string().trim().min(1).default('not_my_key'),
  NOT_MY_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? [v] : [])),
  BOOTSTRAP_USERS: bootstrapUsers,
  TRUST_PROXY: trustProxy,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_AUTH: int(0, 1_000_000).default(10),
  RATE_LIMIT_REGISTER: int(0, 1_000_000).default(100),
  TOKEN_TTL: int(1, 7 * 86_400).default(3600),
  KEY_TTL: int(2, 365 * 86_400).default(86_400),
  KEY_SYNC_INTERVAL: int(1, 3600).default(10),
  JWT_ISSUER: optionalText,
  PUBLIC_URL: publicUrl,
  METRICS_PORT: metricsPort,
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  JWT_AUDIENCE: optionalText,
  JWKS_MAX_AGE: int(0, 86_400).default(300),
  KEY_PREPUBLISH: int(1, 7 * 86_400).optional(),
  ARGON2_MEMORY_KIB: int(1, 4 * 1024 * 1024).default(19_456),
  ARGON2_TIME_COST: int(1, 100).default(2),
  ARGON2_PARALLELISM: int(1, 64).default(1),
  RSA_MODULUS_LENGTH: z.enum(['2048', '3072', '4096']).default('2048').transform(Number),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  LOGIN_DEFENCE: z.enum(['on', 'off']).default('on'),
  LOGIN_PAIR_FREE_FAILURES: int(1, 1000).default(5),
  LOGIN_PAIR_BLOCK_SECONDS: int(1, 3600).default(2),
  LOGIN_PAIR_MAX_BLOCK_SECONDS: int(1, 86_400).default(900),
  LOGIN_ACCOUNT_FAILURES: int(1, 100_000).default(5),
  LOGIN_ACCOUNT_WINDOW_SECONDS: int(1, 86_400).default(60),
  LOGIN_KNOWN_CLIENT_DAYS: int(1, 365).default(30),
  RATE_LIMIT_MEMORY_KEYS: int(1000, 10_000_000).default(100_000),
  HTTP_HEADERS_TIMEOUT_MS: int(1000, 600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: int(1000, 3_600_000).default(30_000),
  HTTP_MAX_CONNECTIONS: int(0, 1_000_000).default(1024),
});

export type Env = z.infer<typeof envSchema>;
