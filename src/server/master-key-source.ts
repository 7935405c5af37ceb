import type { Logger } from 'pino';
import { isExposed, masterKeyFromFile, masterKeyFromValue, type MasterKey } from '../adapters/crypto/master-key.js';
import type { Config } from './config.js';

/** The master key from NOT_MY_KEY, else from (or newly into) NOT_MY_KEY_FILE, warning once when generated. */
export function loadMasterKey(config: Config, logger: Logger): MasterKey {
  if (config.masterKey !== undefined) return masterKeyFromValue(config.masterKey);
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
