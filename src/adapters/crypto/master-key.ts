import { randomBytes, scryptSync } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

/** Where the master key came from (for the start-up log; never the key itself). */
export type MasterKeySource = 'env:raw' | 'env:kdf' | 'file:existing' | 'file:generated';

export interface MasterKey {
  readonly key: Uint8Array;
  readonly source: MasterKeySource;
}

// A fixed, public salt: the secret is the passphrase; scrypt makes guessing it expensive.
const KDF_SALT = 'jwks-auth-server/NOT_MY_KEY/v1';
const KDF_PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/**
 * Turns a `NOT_MY_KEY` value into a 256-bit key: 64 hex digits, or base64 (standard or URL-safe)
 * of exactly 32 bytes, is used as is; any other non-empty value is a passphrase stretched with
 * scrypt (N=2^15, r=8, p=1, fixed salt).
 */
export function masterKeyFromValue(value: string): MasterKey {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { key: Buffer.from(text, 'hex'), source: 'env:raw' };
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return { key: bytes, source: 'env:raw' };
  }
  if (text.length === 0) throw new Error('NOT_MY_KEY is empty');
  return { key: scryptSync(text, KDF_SALT, 32, KDF_PARAMS), source: 'env:kdf' };
}

/**
 * Reads the master key kept in `path`, or, when the file does not exist, generates 32 random bytes
 * and creates it (base64, mode 0600). The file appears complete or not at all (written aside, then
 * hard-linked into place), and a file another process created first is never overwritten.
 */
export function masterKeyFromFile(path: string): MasterKey {
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(draft, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    linkSync(draft, path); // atomic, and fails with EEXIST rather than replace
    return { ...readKeyFile(path), source: 'file:generated' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    try {
      unlinkSync(draft);
    } catch {
      // never created
    }
  }
  return { ...readKeyFile(path), source: 'file:existing' };
}

function readKeyFile(path: string): { key: Uint8Array } {
  const text = readFileSync(path, 'utf8').trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`master key file ${path} does not hold a base64 32-byte key`);
  return { key };
}

/** True when the file can be read by anyone but its owner. */
export function isExposed(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}
