import { z } from 'zod';
import { KeyPolicy, KeyPolicyError, type KeyTimings } from './domain/key-policy.js';

/** Every setting the server reads, validated. See the README's configuration table. */
export interface Config {
  port: number;
  host: string;
  dbPath: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  rateLimitStoreFailure: 'memory' | 'open' | 'closed';
  /** Prefix of every Redis key (rate-limit counters), so several deployments can share one Redis. */
  redisKeyPrefix: string;
  masterKey: string | undefined;
  masterKeyFile: string;
  /** NOT_MY_KEY_PREVIOUS: master keys accepted for reading only (a rolling master-key rotation). */
  masterKeyPrevious: string[];
  bootstrapUsers: { username: string; password: string }[];
  /** Number of trusted proxy hops in front of the server (0: use the socket address). */
  trustProxy: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per second per client on POST /auth; 0 turns the limiter off. */
  rateLimitAuth: number;
  /** Requests per minute per client on POST /register; 0 turns the limiter off. */
  rateLimitRegister: number;
  tokenTtl: number;
  keyTtl: number;
  keySyncInterval: number;
  /** Seconds a new key is published before it signs (KEY_PREPUBLISH, or its default). */
  keyPrepublish: number;
  jwtIssuer: string;
  jwtAudience: string | undefined;
  jwksMaxAge: number;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  rsaModulusLength: 2048 | 3072 | 4096;
  shutdownTimeoutMs: number;
}

/** A configuration value that failed validation: the message names the variable, never a secret value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalText = z.string().trim().optional().transform((v) => (v ? v : undefined));
const url = (schemes: string[]) =>
  optionalText.refine((v) => v === undefined || schemes.some((s) => v.startsWith(`${s}://`)), {
    message: `must start with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  });

const schema = z.object({
  PORT: int(0, 65_535).default(8080),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DB_PATH: z.string().trim().min(1).default('totally_not_my_privateKeys.db'),
  DATABASE_URL: url(['postgres', 'postgresql']),
  REDIS_URL: url(['redis', 'rediss']),
  RATE_LIMIT_STORE_FAILURE: z.enum(['memory', 'open', 'closed']).default('memory'),
  REDIS_KEY_PREFIX: z.string().trim().regex(/^[\w:.-]{1,64}$/, 'must be 1-64 of letters, digits, _ : . -').default('jwks'),
  NOT_MY_KEY: z.string().optional().transform((v) => (v && v.trim() ? v : undefined)),
  NOT_MY_KEY_FILE: z.string().trim().min(1).default('not_my_key'),
  NOT_MY_KEY_PREVIOUS: z.string().optional().transform((v) => (v && v.trim() ? [v] : [])),
  BOOTSTRAP_USERS: z.string().default('').transform((value, ctx) => {
    const users: { username: string; password: string }[] = [];
    for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
      const colon = entry.indexOf(':');
      if (colon <= 0 || colon === entry.length - 1 || entry.length - colon - 1 > 1024) {
        ctx.addIssue({ code: 'custom', message: 'must be comma-separated name:password pairs (password 1-1024 characters)' });
        return z.NEVER;
      }
      users.push({ username: entry.slice(0, colon), password: entry.slice(colon + 1) });
    }
    return users;
  }),
  TRUST_PROXY: z
    .string()
    .trim()
    .toLowerCase()
    .default('false')
    .pipe(z.union([z.enum(['false', 'true']), z.string().regex(/^\d{1,2}$/, 'must be true, false or a number of hops')]))
    .transform((v) => (v === 'false' ? 0 : v === 'true' ? 1 : Number(v))),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_AUTH: int(0, 1_000_000).default(10),
  RATE_LIMIT_REGISTER: int(0, 1_000_000).default(100),
  TOKEN_TTL: int(1, 7 * 86_400).default(3600),
  KEY_TTL: int(2, 365 * 86_400).default(86_400),
  KEY_SYNC_INTERVAL: int(1, 3600).default(10),
  JWT_ISSUER: z.string().trim().min(1).default('jwks-auth-server'),
  JWT_AUDIENCE: optionalText,
  JWKS_MAX_AGE: int(0, 86_400).default(300),
  KEY_PREPUBLISH: int(1, 7 * 86_400).optional(),
  ARGON2_MEMORY_KIB: int(7168, 4 * 1024 * 1024).default(19_456),
  ARGON2_TIME_COST: int(1, 100).default(2),
  ARGON2_PARALLELISM: int(1, 64).default(1),
  RSA_MODULUS_LENGTH: z.enum(['2048', '3072', '4096']).default('2048').transform(Number),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
});

/**
 * Reads and validates the configuration from the environment. Throws a {@link ConfigError} whose
 * one-line message names the first bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(`invalid ${name}: ${issue?.message ?? 'bad value'}`);
  }
  const e = result.data;
  // OWASP's Argon2id table trades memory for passes: m × t must reach its 19 MiB × 2 baseline.
  if (e.ARGON2_MEMORY_KIB * e.ARGON2_TIME_COST < 19_456 * 2) {
    throw new ConfigError('invalid ARGON2_MEMORY_KIB/ARGON2_TIME_COST: below the OWASP minimum (memory KiB × time cost ≥ 38912)');
  }
  const policy = keyPolicy({ tokenTtl: e.TOKEN_TTL, keyTtl: e.KEY_TTL, syncInterval: e.KEY_SYNC_INTERVAL, jwksMaxAge: e.JWKS_MAX_AGE, prepublish: e.KEY_PREPUBLISH });
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.DB_PATH,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    rateLimitStoreFailure: e.RATE_LIMIT_STORE_FAILURE,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    masterKey: e.NOT_MY_KEY,
    masterKeyFile: e.NOT_MY_KEY_FILE,
    masterKeyPrevious: e.NOT_MY_KEY_PREVIOUS,
    bootstrapUsers: e.BOOTSTRAP_USERS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    rateLimitAuth: e.RATE_LIMIT_AUTH,
    rateLimitRegister: e.RATE_LIMIT_REGISTER,
    tokenTtl: e.TOKEN_TTL,
    keyTtl: e.KEY_TTL,
    keySyncInterval: e.KEY_SYNC_INTERVAL,
    keyPrepublish: policy.prepublish,
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    jwksMaxAge: e.JWKS_MAX_AGE,
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST, parallelism: e.ARGON2_PARALLELISM },
    rsaModulusLength: e.RSA_MODULUS_LENGTH as 2048 | 3072 | 4096,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

const KEY_VARIABLE = { tokenTtl: 'TOKEN_TTL', keyTtl: 'KEY_TTL', syncInterval: 'KEY_SYNC_INTERVAL', jwksMaxAge: 'JWKS_MAX_AGE', prepublish: 'KEY_PREPUBLISH' } as const;

function keyPolicy(timings: KeyTimings): KeyPolicy {
  try {
    return new KeyPolicy(timings);
  } catch (err) {
    if (err instanceof KeyPolicyError) throw new ConfigError(`invalid ${err.describe(KEY_VARIABLE)}`);
    throw err;
  }
}
