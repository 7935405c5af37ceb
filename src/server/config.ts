import type { Argon2Params } from '../adapters/crypto/argon2-password-hasher.js';
import type { KeyPolicy } from '../domain/key-policy.js';
import type { LoginDefencePolicy } from '../domain/login-defence.js';
import { argon2Params, ConfigError, httpLimits, keyPolicy, loginDefence } from './config-objects.js';
import { DEFAULT_METRICS_PORT, envSchema } from './config-schema.js';

export { ConfigError } from './config-objects.js';

/** A request limit: `points` per client per `windowSeconds`; 0 points turns it off. */
export interface RateLimitSetting {
  readonly points: number;
  readonly windowSeconds: number;
}

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
  /** The two limits with their windows: the one place the windows are written. */
  rateLimits: { auth: RateLimitSetting; register: RateLimitSetting };
  tokenTtl: number;
  keyTtl: number;
  keySyncInterval: number;
  /** The key lifetimes as the domain rule that checked them. */
  keyPolicy: KeyPolicy;
  /** `JWT_ISSUER`; unset: the public URL is the issuer (see PublicUrl). */
  jwtIssuer: string | undefined;
  /** `PUBLIC_URL`: the base URL clients reach the server at; unset: `http://localhost:<port>`. */
  publicUrl: string | undefined;
  /** Where Prometheus metrics listen; undefined when `METRICS_PORT=off`. `explicit`: the operator chose the port. */
  metrics: { port: number; host: string; explicit: boolean } | undefined;
  jwtAudience: string | undefined;
  jwksMaxAge: number;
  /** Checked against OWASP's floor by the Argon2 adapter. */
  argon2: Argon2Params;
  rsaModulusLength: 2048 | 3072 | 4096;
  shutdownTimeoutMs: number;
  /** The per-account brute-force defence; undefined when `LOGIN_DEFENCE=off`. */
  loginDefence: LoginDefencePolicy | undefined;
  /** Most keys each in-memory limiter holds (a flood of distinct clients cannot grow it further). */
  rateLimitMemoryKeys: number;
  /** Slow and numerous clients: header and whole-request deadlines, and the connection cap (0: none). */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; maxConnections: number };
}

/**
 * Reads and validates the configuration from the environment, and builds the domain objects it
 * describes (whose own validation speaks). Throws a {@link ConfigError} whose one-line message names
 * the first bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // parsed once: zod's generated fast path would cost more to compile than it saves
  const result = envSchema.safeParse(env, { jitless: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`invalid ${String(issue?.path[0] ?? 'configuration')}: ${issue?.message ?? 'bad value'}`);
  }
  const e = result.data;
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
    rateLimits: {
      auth: { points: e.RATE_LIMIT_AUTH, windowSeconds: 1 },
      register: { points: e.RATE_LIMIT_REGISTER, windowSeconds: 60 },
    },
    tokenTtl: e.TOKEN_TTL,
    keyTtl: e.KEY_TTL,
    keySyncInterval: e.KEY_SYNC_INTERVAL,
    keyPolicy: keyPolicy(e),
    jwtIssuer: e.JWT_ISSUER,
    publicUrl: e.PUBLIC_URL,
    metrics:
      e.METRICS_PORT === 'off'
        ? undefined
        : { port: e.METRICS_PORT ?? DEFAULT_METRICS_PORT, host: e.METRICS_HOST, explicit: e.METRICS_PORT !== undefined },
    jwtAudience: e.JWT_AUDIENCE,
    jwksMaxAge: e.JWKS_MAX_AGE,
    argon2: argon2Params(e),
    rsaModulusLength: e.RSA_MODULUS_LENGTH as 2048 | 3072 | 4096,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    loginDefence: e.LOGIN_DEFENCE === 'on' ? loginDefence(e) : undefined,
    rateLimitMemoryKeys: e.RATE_LIMIT_MEMORY_KEYS,
    http: httpLimits(e),
  };
}
