import type { Knex } from 'knex';
import { KnexKeyVault } from '../../src/adapters/persistence/knex-key-vault.js';
import { knexAdapters, openMigrated } from '../support/knex-stores.js';
import { tempSqlitePath } from '../support/temp-dir.js';
import { authFailureLogContract } from './auth-failure-log.contract.js';
import { authLogContract } from './auth-log.contract.js';
import { keyVaultContract } from './key-vault.contract.js';
import { userRepoContract } from './user-repo.contract.js';
import { userStatusContract } from './user-status.contract.js';

interface Store {
  readonly db: Knex;
  readonly adapters: ReturnType<typeof knexAdapters>;
  /** Another connection pool on the same file (file databases only). */
  readonly reopen?: () => Promise<Knex>;
  close(): Promise<void>;
}

async function memoryStore(): Promise<Store> {
  const db = await openMigrated({ sqlitePath: ':memory:' });
  return { db, adapters: knexAdapters(db), close: () => db.destroy() };
}

async function fileStore(): Promise<Store> {
  const file = tempSqlitePath();
  const opened: Knex[] = [await openMigrated({ sqlitePath: file.path })];
  const reopen = async (): Promise<Knex> => {
    const db = await openMigrated({ sqlitePath: file.path });
    opened.push(db);
    return db;
  };
  return {
    db: opened[0]!,
    adapters: knexAdapters(opened[0]!),
    reopen,
    close: async () => {
      await Promise.all(opened.map((db) => db.destroy()));
      file.remove();
    },
  };
}

for (const [name, open] of [
  ['knex/sqlite :memory:', memoryStore],
  ['knex/sqlite file', fileStore],
] as const) {
  userRepoContract(name, async () => {
    const store = await open();
    return { repo: store.adapters.users, close: store.close };
  });
  authLogContract(name, async () => {
    const store = await open();
    return { log: store.adapters.log, users: store.adapters.users, close: store.close };
  });
  authFailureLogContract(name, async () => {
    const store = await open();
    return { failures: store.adapters.failures, users: store.adapters.users, close: store.close };
  });
  userStatusContract(name, async () => {
    const store = await open();
    return { status: store.adapters.status, users: store.adapters.users, close: store.close };
  });
  keyVaultContract(name, async () => {
    const store = await open();
    const { reopen } = store;
    return {
      vault: store.adapters.vault,
      close: store.close,
      openWith: (cipher) => new KnexKeyVault(store.db, cipher),
      ...(reopen && { openAnother: async () => new KnexKeyVault(await reopen(), store.adapters.cipher) }),
    };
  });
}
