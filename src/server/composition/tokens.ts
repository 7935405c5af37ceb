import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { MasterKey } from '../../adapters/crypto/master-key.js';
import type { KeyRingHolder } from '../../application/key-ring-holder.js';
import type { KeyPolicy } from '../../domain/key-policy.js';
import type { AuthLog, Clock, KeyCipher, KeyVault, PasswordHasher, RateLimiter, TokenSigner, UserRepo } from '../../domain/ports/index.js';
import type { Config } from '../config.js';

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
  /** Closes the database and Redis connections this composition opened (none if never resolved). */
  release: token<() => Promise<void>>('Release'),
} as const;
