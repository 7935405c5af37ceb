import { randomBytes, scryptSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { AesGcmKeyCipher } from './aes-gcm-key-cipher.js';
import { createKeyFile, readKeyFile } from './key-file.js';

/** Where the master key came from (for the start-up log; never the key itself). */
export type MasterKeySource = 'env:raw' | 'env:kdf' | 'file:existing' | 'file:generated';

export interface MasterKey {
  /** Seals, and reads. */
  readonly key: Uint8Array;
  readonly source: MasterKeySource;
  /**
   * Keys accepted for reading only, derived on first need: the same passphrase under the older
   * derivation, or the older keys a key file lists after its first line.
   */
  readonly readable?: ReadonlyArray<() => Uint8Array>;
  /** The length of a passphrase (source `env:kdf`), in characters: see {@link PASSPHRASE_MIN_SAFE_LENGTH}. */
  readonly passphraseLength?: number;
}

/** Passphrases shorter than this many characters are too easily guessed from a stolen database file. */
export const PASSPHRASE_MIN_SAFE_LENGTH = 20;

// Fixed, public salts: the secret is the passphrase; scrypt makes guessing it expensive. v2 is OWASP's
// recommended scrypt cost (N=2^17, r=8, p=1: 128 MiB, about a second); v1 (N=2^15) is read only.
const KDF = {
  v2: { salt: 'jwks-auth-server/NOT_MY_KEY/v2', params: { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } },
  v1: { salt: 'jwks-auth-server/NOT_MY_KEY/v1', params: { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } },
} as const;

/**
 * Turns a `NOT_MY_KEY` value into a 256-bit key: 64 hex digits, or base64 (standard or URL-safe)
 * of exactly 32 bytes, is used as is; any other non-empty value is a passphrase stretched with
 * scrypt (N=2^17, r=8, p=1, fixed salt), which also reads what the former derivation (N=2^15) sealed.
 * `name` names the setting in errors.
 */
export function masterKeyFromValue(value: string, name = 'NOT_MY_KEY'): MasterKey {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { key: Buffer.from(text, 'hex'), source: 'env:raw' };
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return { key: bytes, source: 'env:raw' };
  }
  if (text.length === 0) throw new Error(`${name} is empty`);
  return {
    key: scryptSync(text, KDF.v2.salt, 32, KDF.v2.params),
    source: 'env:kdf',
    readable: [() => scryptSync(text, KDF.v1.salt, 32, KDF.v1.params)],
    passphraseLength: [...text].length,
  };
}

/**
 * Reads the master key kept in `path`, or, when the file does not exist, generates 32 random bytes
 * and creates it (base64, mode 0600). The file appears complete or not at all, and a file another
 * process created first is never overwritten. A file may list older keys after the first line: they
 * are accepted for reading (a master-key rotation in progress).
 */
export function masterKeyFromFile(path: string): MasterKey {
  const generated = createKeyFile(path, [randomBytes(32)]);
  return fromKeys(readKeyFile(path), generated ? 'file:generated' : 'file:existing');
}

/** Reads the master key kept in `path`, which must exist. */
export function masterKeyFromExistingFile(path: string): MasterKey {
  return fromKeys(readKeyFile(path), 'file:existing');
}

function fromKeys([key, ...older]: readonly Uint8Array[], source: MasterKeySource): MasterKey {
  return older.length === 0 ? { key: key!, source } : { key: key!, source, readable: older.map((k) => () => k) };
}

/**
 * The cipher sealing with `master`, and reading also with the keys `master` accepts for reading and
 * with `previous` (say, `NOT_MY_KEY_PREVIOUS` during a rolling master-key rotation), derived lazily.
 */
export function masterKeyCipher(master: MasterKey, previous: readonly string[] = [], name = 'NOT_MY_KEY_PREVIOUS'): AesGcmKeyCipher {
  const older = previous.flatMap((value) => {
    let derived: MasterKey | undefined;
    const get = () => (derived ??= masterKeyFromValue(value, name));
    return [() => get().key, () => get().readable?.[0]?.() ?? get().key];
  });
  return new AesGcmKeyCipher(master.key, [...(master.readable ?? []), ...older]);
}

/** True when the file can be read by anyone but its owner. */
export function isExposed(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}
