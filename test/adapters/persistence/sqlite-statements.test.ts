/**
 * The statements kept per SQLite connection for every login's queries: prepared once, failures
 * surfaced (never an unhandled 'error' event), and finalized before the connection closes, which
 * SQLite would otherwise refuse.
 */
import { existsSync } from 'node:fs';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KnexAuthLog } from '../../../src/adapters/persistence/knex-auth-log.js';
import { KnexUserRepo } from '../../../src/adapters/persistence/knex-user-repo.js';
import { KnexUserStatus } from '../../../src/adapters/persistence/knex-user-status.js';
import { keptFirst, type RawSqliteConnection } from '../../../src/adapters/persistence/sqlite-statements.js';
import { newUser } from '../../support/fixtures.js';
import { openMigrated } from '../../support/knex-stores.js';
import { querySqlite } from '../../support/sqlite.js';
import { tempSqlitePath } from '../../support/temp-dir.js';

let db: Knex | undefined;
let file: ReturnType<typeof tempSqlitePath> | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
  file?.remove();
});

async function open(): Promise<Knex> {
  file = tempSqlitePath();
  db = await openMigrated({ sqlitePath: file.path });
  return db;
}

describe('statements kept on a SQLite connection', () => {
  it('prepares each query of a login once per connection, however many logins', async () => {
    const knex = await open();
    const conn = (await knex.client.acquireConnection()) as RawSqliteConnection;
    await knex.client.releaseConnection(conn);
    const prepare = vi.spyOn(conn, 'prepare');
    const users = new KnexUserRepo(knex);
    const status = new KnexUserStatus(knex);
    const log = new KnexAuthLog(knex);
    const user = await users.add(newUser({ username: 'alice' }));
    for (let i = 0; i < 3; i++) {
      expect((await users.findByUsername('alice'))?.id).toBe(user.id);
      expect(await status.disabledAt(user.id)).toBeNull();
      await log.record({ userId: user.id, ip: '203.0.113.9', at: new Date() });
    }
    await users.add(newUser({ username: 'bob' }));
    // INSERT user; SELECT user, SELECT disabled, BEGIN IMMEDIATE, INSERT, UPDATE, COMMIT
    expect(prepare).toHaveBeenCalledTimes(7);
    expect(await querySqlite(file!.path, 'SELECT COUNT(*) AS n FROM auth_logs')).toEqual([{ n: 3 }]);
  });

  it('leaves no statement in progress: the next write lands after another process wrote, and reads see it', async () => {
    const knex = await open();
    const users = new KnexUserRepo(knex);
    const alice = await users.add(newUser({ username: 'alice' }));
    // a login's reads
    expect((await users.findByUsername('alice'))?.lastLogin).toBeNull();
    expect(await new KnexUserStatus(knex).disabledAt(alice.id)).toBeNull();
    // another process (the operator's command line, say) writes meanwhile
    const other = await openMigrated({ sqlitePath: file!.path });
    try {
      await new KnexUserStatus(other).setDisabled(alice.id, new Date('2026-01-02T03:04:05Z'));
      await new KnexUserRepo(other).add(newUser({ username: 'carol' }));
    } finally {
      await other.destroy();
    }
    // a read left in progress would still hold the old snapshot: BEGIN IMMEDIATE would fail SQLITE_BUSY
    await new KnexAuthLog(knex).record({ userId: alice.id, ip: '203.0.113.9', at: new Date('2026-01-02T03:04:06Z') });
    expect((await users.findByUsername('alice'))?.lastLogin).toEqual(new Date('2026-01-02T03:04:06Z'));
    expect(await new KnexUserStatus(knex).disabledAt(alice.id)).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(await users.findByUsername('carol')).not.toBeNull();
  });

  it('closes the connection with statements kept on it: SQLite checkpoints and removes its WAL', async () => {
    const knex = await open();
    await new KnexUserRepo(knex).findByUsername('nobody');
    expect(existsSync(`${file!.path}-wal`)).toBe(true);
    await knex.destroy();
    db = undefined;
    expect(existsSync(`${file!.path}-wal`), 'a clean close of the last connection removes the WAL').toBe(false);
  });

  it('reports a statement that fails to prepare as an error, keeps none, and prepares it again later', async () => {
    const knex = await open();
    const sql = 'SELECT * FROM later WHERE id = ? LIMIT 1';
    await expect(keptFirst(knex, sql, [1])).rejects.toThrow(/no such table: later/);
    await knex.raw('CREATE TABLE later (id INTEGER PRIMARY KEY, name TEXT)');
    await knex('later').insert({ id: 1, name: 'now' });
    expect(await keptFirst(knex, sql, [1])).toEqual({ id: 1, name: 'now' });
  });
});
