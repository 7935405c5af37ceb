import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { prefetchRsaKey } from '../adapters/crypto/rsa-keys.js';
import { DEFAULT_SQLITE_PATH } from '../server/defaults.js';

/**
 * What the executable does before it loads the command line, to serve sooner: serving a SQLite file
 * that does not exist yet, it starts generating the signing key a first start needs (RSA, ~0.1–0.8 s
 * on libuv's pool) while the main thread loads and migrates. Only that one: the expired key is made
 * after it (`expiredKeyLater`), as a second generation alongside would take the other core from the
 * loading and hashing that serving waits for. A bad setting stops the start a moment later and the
 * key is simply dropped; it is never written anywhere but through the server's own key store. Only
 * for the process's own executable: an embedder's process is its own.
 */
export function warmStart(argv: readonly string[], env: Record<string, string | undefined>): void {
  const command = argv[2];
  const serving = command === undefined || command === 'serve';
  if (!serving || env.DATABASE_URL?.trim()) return;
  const modulusLength = Number(env.RSA_MODULUS_LENGTH?.trim() || 2048);
  if (![2048, 3072, 4096].includes(modulusLength)) return;
  const file = env.DB_PATH?.trim() || DEFAULT_SQLITE_PATH;
  if (file === ':memory:' || !existsSync(resolve(file))) prefetchRsaKey(modulusLength);
}
