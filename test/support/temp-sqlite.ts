import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A path for a fresh SQLite file in a directory of its own (WAL adds `-wal`/`-shm` beside it). */
export function tempSqlitePath(prefix = 'jwks-sqlite-'): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { path: join(dir, 'test.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
