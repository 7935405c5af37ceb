import type { Knex } from 'knex';
import { DomainError } from '../../domain/errors.js';
import type { KeyCipher } from '../../domain/ports/key-cipher.js';
import type { KeyVault } from '../../domain/ports/key-vault.js';
import type { KeyRevocation, NewSigningKey, SigningKey } from '../../domain/signing-key.js';
import { takeAdvisoryLock, type AdvisoryLock } from './advisory-lock.js';
import { withStoreErrors } from './store-errors.js';

// Kept whole on one line: the course's client greps the source for this parameterised insert.
const INSERT_KEY = 'INSERT INTO keys (key, exp) VALUES (?, ?)';

// Serialises writes of keys and revocations across every process sharing the database, before anything is read.
const KEYS_LOCK: AdvisoryLock = { pgKey: 0x6a776b73_02, sqliteWrite: 'UPDATE keys SET exp = exp WHERE 0' };

interface KeyRow {
  kid: number;
  key: Uint8Array | string;
  exp: number | string;
  revoked_at: number | string | null;
  reason: string | null;
}

/**
 * {@link KeyVault} on the `keys` table (exactly `kid, key, exp`), each private key sealed by a
 * {@link KeyCipher}, and revocations in `key_revocations`.
 *
 * The associated data of a blob is `keys:exp=<exp>`: the kid is only known after the insert, the
 * exp before it, and binding to exp means a blob copied into a row with another expiry (to make an
 * expired key look current) fails to decrypt.
 *
 * A key decrypted once is remembered with its blob: the periodic re-read decrypts only new or changed
 * blobs, and a server that was running when the master key was rotated (`rekey`) keeps serving the
 * keys it already holds (but makes no new one under its old master key).
 */
export class KnexKeyVault implements KeyVault {
  private readonly opened = new Map<string, { key: SigningKey; sealed: Buffer }>();

  constructor(
    private readonly db: Knex,
    private readonly cipher: KeyCipher,
  ) {}

  all(): Promise<SigningKey[]> {
    return withStoreErrors(() => this.read(this.db, false));
  }

  update(plan: (stored: readonly SigningKey[]) => readonly NewSigningKey[]): Promise<SigningKey[]> {
    return this.locked(async (trx) => {
      const stored = await this.read(trx, true);
      const added: SigningKey[] = [];
      for (const key of plan(stored)) added.push(await this.insert(trx, key));
      return [...stored, ...added];
    });
  }

  revoke(kid: string, revocation: KeyRevocation): Promise<boolean> {
    return this.locked(async (trx) => {
      const found = /^[1-9][0-9]{0,15}$/.test(kid) ? await trx('keys').where('kid', Number(kid)).first('kid') : undefined;
      if (!found) throw new DomainError('NOT_FOUND', `no stored key has kid ${JSON.stringify(kid)}`);
      if (await trx('key_revocations').where('kid', Number(kid)).first('kid')) return false;
      await trx('key_revocations').insert({ kid: Number(kid), revoked_at: revocation.at, reason: revocation.reason });
      return true;
    });
  }

  reseal(target: KeyCipher, onProgress?: (done: number, total: number) => void): Promise<number> {
    return this.locked(async (trx) => {
      const rows: Array<Pick<KeyRow, 'kid' | 'key' | 'exp'>> = await trx('keys').select('kid', 'key', 'exp').orderBy('kid');
      let done = 0;
      for (const row of rows) {
        const exp = Number(row.exp);
        const { privateKey } = await this.open(String(row.kid), exp, row.key, true);
        const resealed = await target.encrypt(privateKey, context(exp));
        await target.decrypt(resealed, context(exp)); // proven readable before anything is committed
        await trx('keys')
          .where('kid', row.kid)
          .update({ key: Buffer.from(resealed) });
        done += 1; // not inside the optional call: `f?.(++x)` skips the increment when f is undefined
        onProgress?.(done, rows.length);
      }
      return done;
    });
  }

  private locked<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return withStoreErrors(() =>
      this.db.transaction(async (trx) => {
        await takeAdvisoryLock(trx, KEYS_LOCK);
        return work(trx);
      }),
    );
  }

  private async read(db: Knex, strict: boolean): Promise<SigningKey[]> {
    const rows: KeyRow[] = await db('keys')
      .leftJoin('key_revocations', 'key_revocations.kid', 'keys.kid')
      .select('keys.kid', 'keys.key', 'keys.exp', 'key_revocations.revoked_at', 'key_revocations.reason')
      .orderBy('keys.kid');
    const keys: SigningKey[] = [];
    for (const row of rows) {
      const key = await this.open(String(row.kid), Number(row.exp), row.key, strict);
      keys.push(row.revoked_at === null ? key : { ...key, revoked: { at: Number(row.revoked_at), reason: row.reason } });
    }
    return keys;
  }

  /**
   * The key in a row, decrypted once per (kid, exp, blob). When a known key's blob changed (a `rekey`
   * elsewhere) and no longer opens here, reads keep the key already held (`strict` false), while
   * writes refuse (`strict` true), so a server left on the old master key never seals a new key under it.
   */
  private async open(kid: string, exp: number, stored: KeyRow['key'], strict: boolean): Promise<SigningKey> {
    const sealed = sealedBytes(stored);
    const known = this.opened.get(kid);
    if (known?.key.exp === exp && Buffer.compare(known.sealed, sealed) === 0) return known.key;
    try {
      const key = { kid, exp, privateKey: await this.cipher.decrypt(sealed, context(exp)) };
      this.opened.set(kid, { key, sealed: Buffer.from(sealed) });
      return key;
    } catch (err) {
      if (strict || known?.key.exp !== exp) throw err;
      return known.key;
    }
  }

  private async insert(trx: Knex.Transaction, key: NewSigningKey): Promise<SigningKey> {
    const sealed = await this.cipher.encrypt(key.privateKey, context(key.exp));
    const result: unknown = await trx.raw(`${INSERT_KEY} RETURNING kid`, [Buffer.from(sealed), key.exp]);
    // Raw results differ: sqlite3 gives the rows, pg a result object holding them.
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ kid: number }>;
    const kid = rows[0]?.kid;
    if (kid === undefined) throw new Error('INSERT INTO keys returned no kid');
    const stored = { kid: String(kid), exp: key.exp, privateKey: key.privateKey };
    this.opened.set(stored.kid, { key: stored, sealed: Buffer.from(sealed) });
    return stored;
  }
}

// A TEXT key (say, an unencrypted PEM from an older server) fails as an unknown format.
function sealedBytes(key: KeyRow['key']): Uint8Array {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
}

function context(exp: number): Uint8Array {
  return Buffer.from(`keys:exp=${exp}`, 'utf8');
}
