import { safeError } from '../adapters/safe-error.js';
import type { Config } from './config.js';
import { isDomainError } from '../domain/errors.js';

/** A one-line explanation of why start-up failed, naming the cause and never a secret. */
export function startupFailure(err: unknown, config: Config): string {
  if (isDomainError(err, 'KEY_DECRYPTION_FAILED')) {
    const source = config.masterKey !== undefined ? 'NOT_MY_KEY' : `the key file ${config.masterKeyFile} (NOT_MY_KEY_FILE)`;
    return `the stored signing keys do not decrypt with the master key from ${source}: wrong master key or tampered database; refusing to start (the database was not changed)`;
  }
  const d = safeError(err);
  return `start-up failed: ${d ? `${d.code ? `${d.code}: ` : ''}${d.message}` : 'unknown error'}`;
}
