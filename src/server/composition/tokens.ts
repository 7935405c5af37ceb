import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { MasterKey } from '../../adapters/crypto/master-key.js';
import type { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.js';
import type { KeyRingHolder } from '../../application/key-ring-holder.js';
import type { KeyPolicy } from '../../domain/key-policy.js';
import type { VerifyCosts } from '../../adapters/crypto/verify-costs.js';
import type {
  AuthFailureLog,
  AuthLog,
  Clock,
  FailurePacer,
  KeyCipher,
  KeyVault,
  LoginThrottle,
  PasswordHasher,
  RateLimiter,
  TokenSigner,
  UserRepo,
  UserStatus,
} from '../../domain/ports/index.js';
import type { Config } from '../config.js';
import type { PublicUrl } from '../public-url.js';

/** A typed injection token. */
export type Token<T> = symbol & { readonly __type?: T };
const token = <T>(name: string): Token<T> => Symbol(name) as Token<T>;

/** Injection tokens of the ports and infrastructure, for swapping an adapter in a child container. */
export const TOKENS = {
  config: token<Config>('Config'),
  logger: token<Logger>('Logger'),
  db: token<Knex>('Knex'),
  redis: token<Redis | undefined>('Redis'),
  masterKey: token<MasterKey>('MasterKey'),
  cipher: token<KeyCipher>('KeyCipher'),
  vault: token<KeyVault>('KeyVault'),
  users: token<UserRepo>('UserRepo'),
  authLog: token<AuthLog>('AuthLog'),
  hasher: token<PasswordHasher>('PasswordHasher'),
  signer: token<TokenSigner>('TokenSigner'),
  clock: token<Clock>('Clock'),
  policy: token<KeyPolicy>('KeyPolicy'),
  keyRing: token<KeyRingHolder>('KeyRingHolder'),
  authLimiter: token<RateLimiter>('AuthRateLimiter'),
  registerLimiter: token<RateLimiter>('RegisterRateLimiter'),
  /** The base URL and issuer; the lifecycle binds the port before anything reads them. */
  publicUrl: token<PublicUrl>('PublicUrl'),
  /** The metrics registry and its instruments; undefined when METRICS_PORT=off. */
  metrics: token<PrometheusMetrics | undefined>('Metrics'),
  failures: token<AuthFailureLog>('AuthFailureLog'),
  userStatus: token<UserStatus>('UserStatus'),
  /** Undefined when the per-account defence is off (`LOGIN_DEFENCE=off`). */
  loginThrottle: token<LoginThrottle | undefined>('LoginThrottle'),
  /** How long password verifications take (the Argon2 hasher writes, the pacer reads). */
  verifyCosts: token<VerifyCosts>('VerifyCosts'),
  pacer: token<FailurePacer>('FailurePacer'),
  /** Closes the database and Redis connections this composition opened (none if never resolved). */
  release: token<() => Promise<void>>('Release'),
} as const;
