import { MemoryAuthLog } from '../../src/adapters/memory/memory-auth-log.js';
import { MemoryKeyVault } from '../../src/adapters/memory/memory-key-vault.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { MemoryUserRepo } from '../../src/adapters/memory/memory-user-repo.js';
import { authLogContract } from './auth-log.contract.js';
import { keyVaultContract } from './key-vault.contract.js';
import { userRepoContract } from './user-repo.contract.js';

const close = async (): Promise<void> => {};

userRepoContract('memory', async () => ({ repo: new MemoryUserRepo(), close }));
authLogContract('memory', async () => {
  const store = new MemoryStore();
  return { log: new MemoryAuthLog(store), users: new MemoryUserRepo(store), close };
});
keyVaultContract('memory', async () => ({ vault: new MemoryKeyVault(), close }));
