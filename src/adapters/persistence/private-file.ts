import { closeSync, openSync } from 'node:fs';

/**
 * Creates `path` empty and readable by its owner only (0600) unless it exists. SQLite then gives its
 * -wal, -shm and -journal files the database file's permissions, so none of them is world-readable.
 * An existing file keeps its permissions (it is the operator's). Best effort: when the file cannot be
 * created here (a missing directory, no permission), SQLite's own open reports why.
 */
export function ensurePrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch {
    // exists already, or SQLite will say what is wrong
  }
}
