import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { prefetchRsaKeys } from '../adapters/crypto/rsa-keys.js';
import { DEFAULT_SQLITE_PATH } from '../server/defaults.js';

/**
 * What the executable does before it loads the command line, to serve sooner and within bounds:
 * - libuv's thread pool gets one thread more than there are cores (unless UV_THREADPOOL_SIZE says
 *   otherwise): Argon2 takes at most one per core (its gate), so one is always free for SQLite and
 *   signing, and at most that many threads ever hold Argon2's memory;
 * - serving a SQLite file that does not exist yet, it starts generating the two RSA keys the first
 *   start needs, on the pool, while the main thread loads and migrates (a bad setting stops the start
 *   a moment later and the keys are simply dropped).
 * Only for the process's own executable: an embedder's process is the embedder's to tune.
 */
export function warmStart(argv: readonly string[], env: Record<string, string | undefined>): void {
  env.UV_THREADPOOL_SIZE ??= String(availableParallelism() + 1);
  const command = argv[2];
  const serving = command === undefined || command === 'serve';
  if (!serving || env.DATABASE_URL?.trim()) return;
  const modulusLength = Number(env.RSA_MODULUS_LENGTH?.trim() || 2048);
  if (![2048, 3072, 4096].includes(modulusLength)) return;
  const file = env.DB_PATH?.trim() || DEFAULT_SQLITE_PATH;
  if (file === ':memory:' || !existsSync(resolve(file))) prefetchRsaKeys(2, modulusLength);
}
