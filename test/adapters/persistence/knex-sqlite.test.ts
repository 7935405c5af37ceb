import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/adapters/persistence/open-database.js';
import { formatTimestamp } from '../../../src/adapters/persistence/timestamps.js';
import { KnexKeyVault } from '../../../src/adapters/persistence/knex-key-vault.js';
import { migrate, migrationSource } from '../../../src/adapters/persistence/migrations.js';
import { expectDomainError, newUser } from '../../support/fixtures.js';
import { knexAdapters, openMigrated, testCipher } from '../../support/knex-stores.js';
import { tempSqlitePath } from '../../support/temp-dir.js';

/** Every migration, once each, in order. */
const ALL_MIGRATIONS = (await migrationSource.getMigrations([])).map((m) => ({ name: migrationSource.getMigrationName(m) }));

// The seed's schema as SQLite reports it: the course's client reads `SELECT *` strictly into these.
const SEED_COLUMNS = {
  keys: [
    { name: 'kid', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 1 },
    { name: 'key', type: 'BLOB', notnull: 1, dflt_value: null, pk: 0 },
    { name: 'exp', type: 'INTEGER', notnull: 1, dflt_value: null, pk: 0 },
  ],
  users: [
    { name: 'id', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 1 },
    { name: 'username', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
    { name: 'password_hash', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
    { name: 'email', type: 'TEXT', notnull: 0, dflt_value: null, pk: 0 },
    { name: 'date_registered', type: 'TIMESTAMP', notnull: 0, dflt_value: 'CURRENT_TIMESTAMP', pk: 0 },
    { name: 'last_login', type: 'TIMESTAMP', notnull: 0, dflt_value: null, pk: 0 },
  ],
  auth_logs: [
    { name: 'id', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 1 },
    { name: 'request_ip', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
    { name: 'request_timestamp', type: 'TIMESTAMP', notnull: 0, dflt_value: 'CURRENT_TIMESTAMP', pk: 0 },
    { name: 'user_id', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 0 },
  ],
};

const SQLITE_TEXT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const PEM = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n');

describe('knex/sqlite file database', () => {
  let file: ReturnType<typeof tempSqlitePath>;
  let db: Knex;
  const opened: Knex[] = [];

  beforeEach(async () => {
    file = tempSqlitePath();
    db = await openMigrated({ sqlitePath: file.path });
    opened.push(db);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((d) => d.destroy()));
    file.remove();
  });

  it('has exactly the seed columns, types and order', async () => {
    for (const [table, columns] of Object.entries(SEED_COLUMNS)) {
      const info: Array<Record<string, unknown>> = await db.raw(`PRAGMA table_info(${table})`);
      expect(
        info.map(({ cid: _cid, ...column }) => column),
        table,
      ).toEqual(columns);
    }
  });

  it('is in WAL mode with foreign keys enforced', async () => {
    expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  it('stores each key as an encrypted BLOB that never shows the PEM', async () => {
    const { vault } = knexAdapters(db);
    await vault.update(() => [{ exp: 1_900_000_000, privateKey: PEM }]);
    const rows: Array<{ t: string; key: Buffer }> = await db.raw('SELECT typeof(key) AS t, key FROM keys');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.t).toBe('blob');
    expect(rows[0]!.key.includes('-----BEGIN')).toBe(false);
    expect(Object.keys((await db.raw('SELECT * FROM keys'))[0])).toEqual(['kid', 'key', 'exp']);
  });

  it('refuses a blob moved to a row with another exp, and leaves the rows alone', async () => {
    const { vault, cipher } = knexAdapters(db);
    await vault.update(() => [
      { exp: 1_000_000_000, privateKey: PEM },
      { exp: 1_900_000_000, privateKey: PEM },
    ]);
    const [a, b]: Array<{ kid: number; key: Buffer }> = await db('keys').select('kid', 'key').orderBy('kid');
    await db('keys').where({ kid: a!.kid }).update({ key: b!.key });
    await db('keys').where({ kid: b!.kid }).update({ key: a!.key });
    const before = await db('keys').select('*').orderBy('kid');
    const restarted = new KnexKeyVault(db, cipher); // the vault that wrote them remembers the keys it holds
    await expectDomainError(restarted.all(), 'KEY_DECRYPTION_FAILED');
    await expectDomainError(
      restarted.update(() => []),
      'KEY_DECRYPTION_FAILED',
    );
    expect(await db('keys').select('*').orderBy('kid')).toEqual(before);
    expect((await vault.all()).map((k) => k.exp)).toEqual([1_000_000_000, 1_900_000_000]);
  });

  it('refuses keys under another master key, writing nothing', async () => {
    await knexAdapters(db).vault.update(() => [{ exp: 1_900_000_000, privateKey: PEM }]);
    const before = await db('keys').select('*');
    const stranger = new KnexKeyVault(db, testCipher());
    await expectDomainError(stranger.all(), 'KEY_DECRYPTION_FAILED');
    await expectDomainError(
      stranger.update(() => [{ exp: 2_000_000_000, privateKey: PEM }]),
      'KEY_DECRYPTION_FAILED',
    );
    expect(await db('keys').select('*')).toEqual(before);
  });

  it('refuses a key stored as plain text (an older, unencrypted database)', async () => {
    await db.raw('INSERT INTO keys (key, exp) VALUES (?, ?)', [PEM.toString(), 1_900_000_000]);
    await expectDomainError(knexAdapters(db).vault.all(), 'KEY_DECRYPTION_FAILED');
  });

  it('stores every timestamp as TEXT YYYY-MM-DD HH:MM:SS in UTC', async () => {
    const { users, log } = knexAdapters(db);
    const user = await users.add(newUser({ registeredAt: new Date('2026-01-02T03:04:05.678Z') }));
    await log.record({ userId: user.id, ip: '127.0.0.1', at: new Date('2026-01-02T03:04:09.999Z') });
    const [row] = await db.raw('SELECT typeof(date_registered) AS tr, date_registered, typeof(last_login) AS tl, last_login FROM users');
    expect(row).toEqual({ tr: 'text', date_registered: '2026-01-02 03:04:05', tl: 'text', last_login: '2026-01-02 03:04:09' });
    const [entry] = await db.raw('SELECT typeof(request_timestamp) AS t, request_timestamp FROM auth_logs');
    expect(entry).toEqual({ t: 'text', request_timestamp: '2026-01-02 03:04:09' });
  });

  it('reads rows whose timestamps came from CURRENT_TIMESTAMP', async () => {
    await db.raw("INSERT INTO users (username, password_hash) VALUES ('raw', 'x')");
    const [row] = await db.raw('SELECT date_registered FROM users');
    expect(row.date_registered).toMatch(SQLITE_TEXT_TIME);
    const found = await knexAdapters(db).users.findByUsername('raw');
    expect(Math.abs(found!.registeredAt.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('commits an auth event before record resolves (seen from another connection)', async () => {
    const { users, log } = knexAdapters(db);
    const user = await users.add(newUser());
    await log.record({ userId: user.id, ip: '::1', at: new Date() });
    const reader = openDatabase({ sqlitePath: file.path });
    opened.push(reader);
    expect(await reader('auth_logs').where({ user_id: user.id })).toHaveLength(1);
  });

  it('migrates twice as a no-op, keeping the data', async () => {
    const { users } = knexAdapters(db);
    await users.add(newUser({ username: 'kept' }));
    await migrate(db);
    expect((await users.findByUsername('kept'))?.username).toBe('kept');
    expect(await db('knex_migrations').select('name')).toEqual(ALL_MIGRATIONS);
  });

  it('migrates a Project 2 database, keeping its keys table and rows', async () => {
    const old = tempSqlitePath();
    const legacy = openDatabase({ sqlitePath: old.path });
    opened.push(legacy);
    try {
      await legacy.raw(SEED_KEYS_TABLE);
      await legacy.raw('INSERT INTO keys (key, exp) VALUES (?, ?)', [PEM, 1_900_000_000]);
      await migrate(legacy);
      expect(await legacy('keys').count({ n: '*' })).toEqual([{ n: 1 }]);
      expect(await legacy.raw("SELECT name FROM sqlite_master WHERE name IN ('users', 'auth_logs') ORDER BY name")).toEqual([
        { name: 'auth_logs' },
        { name: 'users' },
      ]);
    } finally {
      await legacy.destroy();
      old.remove();
    }
  });

  // The race (two connections switching a fresh file to WAL) loses only now and then: try it 15 times.
  it('runs three concurrent migrations of one fresh file without failing, 15 times over', async () => {
    for (let round = 0; round < 15; round++) {
      const fresh = tempSqlitePath();
      const instances = [0, 1, 2].map(() => openDatabase({ sqlitePath: fresh.path }));
      try {
        await Promise.all(instances.map((instance) => migrate(instance)));
        expect(await instances[0]!('knex_migrations').select('name')).toEqual(ALL_MIGRATIONS);
        expect(await instances[0]!('knex_migrations_lock').count({ n: '*' })).toEqual([{ n: 1 }]);
      } finally {
        await Promise.all(instances.map((instance) => instance.destroy()));
        fresh.remove();
      }
    }
  });
});

const SEED_KEYS_TABLE = 'CREATE TABLE IF NOT EXISTS keys(kid INTEGER PRIMARY KEY AUTOINCREMENT, key BLOB NOT NULL, exp INTEGER NOT NULL)';

describe('knex/sqlite :memory:', () => {
  it('formats timestamps exactly like CURRENT_TIMESTAMP', async () => {
    const db = openDatabase({ sqlitePath: ':memory:' });
    try {
      const [{ now }] = await db.raw('SELECT CURRENT_TIMESTAMP AS now');
      expect(now).toMatch(SQLITE_TEXT_TIME);
      expect(formatTimestamp(new Date(`${now.replace(' ', 'T')}Z`))).toBe(now);
    } finally {
      await db.destroy();
    }
  });
});
