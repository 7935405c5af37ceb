import { MemoryAuthFailureLog } from '../../src/adapters/memory/memory-auth-failure-log.js';
import { MemoryAuthLog } from '../../src/adapters/memory/memory-auth-log.js';
import { MemoryKeyVault } from '../../src/adapters/memory/memory-key-vault.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { MemoryUserRepo } from '../../src/adapters/memory/memory-user-repo.js';
import { MemoryUserStatus } from '../../src/adapters/memory/memory-user-status.js';
import { authFailureLogContract } from './auth-failure-log.contract.js';
import { authLogContract } from './auth-log.contract.js';
import { keyVaultContract } from './key-vault.contract.js';
import { userRepoContract } from './user-repo.contract.js';
import { userStatusContract } from './user-status.contract.js';

const close = async (): Promise<void> => {};

userRepoContract('memory', async () => ({ repo: new MemoryUserRepo(), close }));
authLogContract('memory', async () => {
  const store = new MemoryStore();
  return { log: new MemoryAuthLog(store), users: new MemoryUserRepo(store), close };
});
keyVaultContract('memory', async () => ({ vault: new MemoryKeyVault(), close }));
authFailureLogContract('memory', async () => {
  const store = new MemoryStore();
  return { failures: new MemoryAuthFailureLog(store), users: new MemoryUserRepo(store), close };
});
userStatusContract('memory', async () => {
  const store = new MemoryStore();
  return { status: new MemoryUserStatus(store), users: new MemoryUserRepo(store), close };
});
