import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh, empty directory of the system's temp dir, and how to remove it with all it holds. */
export function tempDir(prefix = 'jwks-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // retried: a server stopping in the background may still be closing its database files in there
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }) };
}

/** A path for a fresh SQLite file in a directory of its own (WAL adds `-wal`/`-shm` beside it). */
export function tempSqlitePath(prefix = 'jwks-sqlite-'): { path: string; remove(): void } {
  const { dir, remove } = tempDir(prefix);
  return { path: join(dir, 'test.db'), remove };
}
