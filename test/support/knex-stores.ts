import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { AesGcmKeyCipher } from '../../src/adapters/crypto/aes-gcm-key-cipher.js';
import { openDatabase, type DatabaseOptions } from '../../src/adapters/persistence/open-database.js';
import { KnexAuthFailureLog } from '../../src/adapters/persistence/knex-auth-failure-log.js';
import { KnexAuthLog } from '../../src/adapters/persistence/knex-auth-log.js';
import { KnexKeyVault } from '../../src/adapters/persistence/knex-key-vault.js';
import { KnexUserRepo } from '../../src/adapters/persistence/knex-user-repo.js';
import { KnexUserStatus } from '../../src/adapters/persistence/knex-user-status.js';
import { migrate } from '../../src/adapters/persistence/migrations.js';

/** A cipher with a random master key, as the tests use. */
export function testCipher(): AesGcmKeyCipher {
  return new AesGcmKeyCipher(randomBytes(32));
}

/** Opens a database and brings its schema up to date. */
export async function openMigrated(options: DatabaseOptions): Promise<Knex> {
  const db = openDatabase(options);
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/** The Knex adapters on one database. */
export function knexAdapters(db: Knex, cipher = testCipher()) {
  return {
    users: new KnexUserRepo(db),
    log: new KnexAuthLog(db),
    vault: new KnexKeyVault(db, cipher),
    failures: new KnexAuthFailureLog(db),
    status: new KnexUserStatus(db),
    cipher,
  };
}
