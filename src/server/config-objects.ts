import { checkArgon2Params, Argon2ParamsError, type Argon2Params } from '../adapters/crypto/argon2-password-hasher.js';
import { isDomainError } from '../domain/errors.js';
import { KeyPolicy, KeyPolicyError } from '../domain/key-policy.js';
import { LoginDefencePolicy } from '../domain/login-defence.js';
import type { Config } from './config.js';
import type { Env } from './config-schema.js';

// The domain objects the configuration describes, built from validated variables: their own
// validation speaks, and a refusal becomes one line naming the variable.

/** A configuration value that failed validation: the message names the variable, never a secret value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ARGON2_VARIABLE = { memoryCost: 'ARGON2_MEMORY_KIB', timeCost: 'ARGON2_TIME_COST', parallelism: 'ARGON2_PARALLELISM' } as const;

export function loginDefence(e: Env): LoginDefencePolicy {
  try {
    const block = e.LOGIN_PAIR_MAX_BLOCK_SECONDS;
    // a pair's failures are remembered for a day (at least as long as its longest block)
    return new LoginDefencePolicy(
      e.LOGIN_PAIR_FREE_FAILURES,
      e.LOGIN_PAIR_BLOCK_SECONDS,
      block,
      Math.max(86_400, block),
      e.LOGIN_ACCOUNT_FAILURES,
      e.LOGIN_ACCOUNT_WINDOW_SECONDS,
      e.LOGIN_KNOWN_CLIENT_DAYS * 86_400,
    );
  } catch (err) {
    if (isDomainError(err, 'INVALID_INPUT'))
      throw new ConfigError(`invalid LOGIN_PAIR_MAX_BLOCK_SECONDS: must not be below LOGIN_PAIR_BLOCK_SECONDS`);
    throw err;
  }
}

export function httpLimits(e: Env): Config['http'] {
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError('invalid HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return {
    headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    maxConnections: e.HTTP_MAX_CONNECTIONS,
  };
}

const KEY_VARIABLE = {
  tokenTtl: 'TOKEN_TTL',
  keyTtl: 'KEY_TTL',
  syncInterval: 'KEY_SYNC_INTERVAL',
  jwksMaxAge: 'JWKS_MAX_AGE',
  prepublish: 'KEY_PREPUBLISH',
} as const;

export function keyPolicy(e: Env): KeyPolicy {
  try {
    return new KeyPolicy({
      tokenTtl: e.TOKEN_TTL,
      keyTtl: e.KEY_TTL,
      syncInterval: e.KEY_SYNC_INTERVAL,
      jwksMaxAge: e.JWKS_MAX_AGE,
      prepublish: e.KEY_PREPUBLISH,
    });
  } catch (err) {
    if (err instanceof KeyPolicyError) throw new ConfigError(`invalid ${err.describe(KEY_VARIABLE)}`);
    throw err;
  }
}

export function argon2Params(e: Env): Argon2Params {
  try {
    return checkArgon2Params({ memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST, parallelism: e.ARGON2_PARALLELISM });
  } catch (err) {
    if (err instanceof Argon2ParamsError) throw new ConfigError(`invalid ${ARGON2_VARIABLE[err.setting]}: ${err.message}`);
    throw err;
  }
}
