import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/**
 * Creates the key file `path` holding `keys` (base64, one a line, mode 0600) unless it exists. The
 * file appears complete or not at all (written aside, then hard-linked into place, which fails rather
 * than replace). True when this call created it.
 */
export function createKeyFile(path: string, keys: readonly Uint8Array[]): boolean {
  const draft = writeDraft(path, keys);
  try {
    linkSync(draft, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    unlinkSync(draft);
  }
}

/** Replaces the key file `path` with one holding `keys`, atomically (written aside, synced, renamed into place). */
export function replaceKeyFile(path: string, keys: readonly Uint8Array[]): void {
  const draft = writeDraft(path, keys);
  try {
    renameSync(draft, path);
  } catch (err) {
    unlinkSync(draft);
    throw err;
  }
}

/** The keys in the key file `path`, the one to seal with first. Throws when a line is not a base64 32-byte key. */
export function readKeyFile(path: string): Uint8Array[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const keys = lines.map((line) => Buffer.from(line, 'base64'));
  if (keys.length === 0 || keys.some((key) => key.length !== 32)) {
    throw new Error(`master key file ${path} does not hold a base64 32-byte key on each line`);
  }
  return keys;
}

function writeDraft(path: string, keys: readonly Uint8Array[]): string {
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(draft, 'wx', 0o600);
  try {
    writeSync(fd, keys.map((key) => `${Buffer.from(key).toString('base64')}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return draft;
}
