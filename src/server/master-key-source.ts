import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import {
  isExposed,
  masterKeyFromFile,
  masterKeyFromValue,
  PASSPHRASE_MIN_SAFE_LENGTH,
  type MasterKey,
} from '../adapters/crypto/master-key.js';
import type { Config } from './config.js';

/** No master key is configured and none may be made here (an operator command never makes one). */
export class MasterKeyMissingError extends Error {
  override name = 'MasterKeyMissingError';
}

/**
 * The master key from NOT_MY_KEY, else from (or, when `generate`, newly into) NOT_MY_KEY_FILE,
 * warning once when generated. Without `generate` a missing file is a {@link MasterKeyMissingError}.
 */
export function loadMasterKey(config: Config, logger: Logger, options: { generate?: boolean } = {}): MasterKey {
  if (config.masterKey !== undefined) {
    const master = masterKeyFromValue(config.masterKey);
    const warning = shortPassphraseWarning(master, 'NOT_MY_KEY');
    if (warning) logger.warn({ variable: 'NOT_MY_KEY', length: master.passphraseLength }, warning);
    return master;
  }
  if (options.generate === false && !existsSync(config.masterKeyFile)) {
    throw new MasterKeyMissingError(
      `no master key: NOT_MY_KEY is not set and there is no key file at ${config.masterKeyFile}; set the server's (NOT_MY_KEY or NOT_MY_KEY_FILE)`,
    );
  }
  const master = masterKeyFromFile(config.masterKeyFile);
  if (master.source === 'file:generated') {
    logger.warn(
      { file: config.masterKeyFile },
      'NOT_MY_KEY is not set: generated a random master key and saved it (mode 0600); keep that file, or set NOT_MY_KEY',
    );
  } else if (isExposed(config.masterKeyFile)) {
    logger.warn({ file: config.masterKeyFile }, 'the master key file is readable by others than its owner: chmod 600 it');
  }
  return master;
}

/** A warning (naming the variable and the length, never the value) when a passphrase is too short to resist guessing. */
export function shortPassphraseWarning(master: MasterKey, variable: string): string | undefined {
  if (master.passphraseLength === undefined || master.passphraseLength >= PASSPHRASE_MIN_SAFE_LENGTH) return undefined;
  return (
    `${variable} is a passphrase of only ${master.passphraseLength} characters: anyone with the database file can guess it offline; ` +
    `use 64 hex digits (openssl rand -hex 32) or at least ${PASSPHRASE_MIN_SAFE_LENGTH} characters, then run jwks-auth-server rekey`
  );
}
