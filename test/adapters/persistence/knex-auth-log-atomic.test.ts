/**
 * KnexAuthLog.record is one atomic write without knex's transaction(): when the second half (the
 * user's last_login) fails, the first (the auth_logs row) must not stay. A trigger makes it fail.
 */
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { KnexAuthLog } from '../../../src/adapters/persistence/knex-auth-log.js';
import { KnexUserRepo } from '../../../src/adapters/persistence/knex-user-repo.js';
import { newUser } from '../../support/fixtures.js';
import { openMigrated } from '../../support/knex-stores.js';
import { createTempDatabase, type TempDatabase } from '../../support/postgres.js';
import { postgresUrl } from '../../support/services.js';
import { tempSqlitePath } from '../../support/temp-dir.js';

const FAILING_UPDATE = {
  sqlite: [
    `CREATE TRIGGER refuse_last_login BEFORE UPDATE OF last_login ON users WHEN NEW.username = 'refused'
       BEGIN SELECT RAISE(ABORT, 'last_login refused'); END`,
  ],
  pg: [
    `CREATE FUNCTION refuse_last_login() RETURNS trigger AS $$ BEGIN
       IF NEW.username = 'refused' THEN RAISE EXCEPTION 'last_login refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    `CREATE TRIGGER refuse_last_login BEFORE UPDATE OF last_login ON users FOR EACH ROW EXECUTE FUNCTION refuse_last_login()`,
  ],
};

const backends: [string, 'sqlite' | 'pg'][] = [['SQLite', 'sqlite'], ...(postgresUrl() ? [['PostgreSQL', 'pg'] as [string, 'pg']] : [])];

describe.each(backends)('KnexAuthLog.record on %s', (_name, dialect) => {
  let db: Knex | undefined;
  let cleanup: (() => unknown) | undefined;
  afterEach(async () => {
    await db?.destroy();
    await cleanup?.();
  });

  const open = async () => {
    if (dialect === 'pg') {
      const database: TempDatabase = await createTempDatabase();
      cleanup = () => database.drop();
      db = await openMigrated({ databaseUrl: database.url });
    } else {
      const file = tempSqlitePath();
      cleanup = () => file.remove();
      db = await openMigrated({ sqlitePath: file.path });
    }
    for (const sql of FAILING_UPDATE[dialect]) await db.raw(sql);
    return { db, log: new KnexAuthLog(db), users: new KnexUserRepo(db) };
  };

  it('writes both halves or neither, and the connection serves the next write normally', async () => {
    const { db, log, users } = await open();
    const refused = await users.add(newUser({ username: 'refused' }));
    const alice = await users.add(newUser({ username: 'alice' }));
    const at = new Date('2026-05-06T07:08:09Z');
    await expect(log.record({ userId: refused.id, ip: '::1', at })).rejects.toThrow();
    expect(Number((await db('auth_logs').count({ n: '*' }))[0]!.n)).toBe(0);
    await log.record({ userId: alice.id, ip: '::1', at });
    await Promise.all([1, 2, 3].map(() => log.record({ userId: alice.id, ip: '::2', at })));
    expect(Number((await db('auth_logs').count({ n: '*' }))[0]!.n)).toBe(4);
    expect((await users.findByUsername('alice'))?.lastLogin).toEqual(at);
  });
});
