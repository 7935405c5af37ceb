import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/persistence/open-database.js';
import { KnexKeyVault } from '../../src/adapters/persistence/knex-key-vault.js';
import { KnexUserRepo } from '../../src/adapters/persistence/knex-user-repo.js';
import { migrate } from '../../src/adapters/persistence/migrations.js';
import { expectDomainError, newUser } from '../support/fixtures.js';
import { knexAdapters, openMigrated } from '../support/knex-stores.js';
import { createTempDatabase, type TempDatabase } from '../support/postgres.js';
import { describeWith } from '../support/services.js';
import { sleep } from '../support/wait.js';
import { authFailureLogContract } from './auth-failure-log.contract.js';
import { authLogContract } from './auth-log.contract.js';
import { keyVaultContract } from './key-vault.contract.js';
import { userRepoContract } from './user-repo.contract.js';
import { userStatusContract } from './user-status.contract.js';

describeWith(['postgres'], 'knex/postgres', ({ databaseUrl: url }) => {
  let temp: TempDatabase;
  let db: Knex;
  const extra: Knex[] = [];

  beforeAll(async () => {
    temp = await createTempDatabase(url);
    db = await openMigrated({ databaseUrl: temp.url });
  });
  afterAll(async () => {
    await Promise.all([db, ...extra].map((d) => d?.destroy()));
    await temp?.drop();
  });

  // One database per run; every test starts from empty tables.
  async function fresh(): Promise<ReturnType<typeof knexAdapters>> {
    await db.raw('TRUNCATE auth_failures, disabled_users, auth_logs, users, keys RESTART IDENTITY CASCADE');
    return knexAdapters(db);
  }
  const close = async (): Promise<void> => {};

  userRepoContract('knex/postgres', async () => ({ repo: (await fresh()).users, close }));
  authLogContract('knex/postgres', async () => {
    const { log, users } = await fresh();
    return { log, users, close };
  });
  authFailureLogContract('knex/postgres', async () => {
    const { failures, users } = await fresh();
    return { failures, users, close };
  });
  userStatusContract('knex/postgres', async () => {
    const { status, users } = await fresh();
    return { status, users, close };
  });
  keyVaultContract('knex/postgres', async () => {
    const { vault, cipher } = await fresh();
    const openAnother = async (): Promise<KnexKeyVault> => {
      const other = openDatabase({ databaseUrl: temp.url, poolMax: 2 });
      extra.push(other);
      return new KnexKeyVault(other, cipher);
    };
    return { vault, openAnother, openWith: (other) => new KnexKeyVault(db, other), close };
  });

  describe('PostgreSQL specifics', () => {
    it('writes CURRENT_TIMESTAMP defaults in UTC', async () => {
      await fresh();
      await db.raw("INSERT INTO users (username, password_hash) VALUES ('raw', 'x')");
      const found = await new KnexUserRepo(db).findByUsername('raw');
      expect(Math.abs(found!.registeredAt.getTime() - Date.now())).toBeLessThan(5_000);
    });

    it('keeps timestamps as written, without a zone shift', async () => {
      const { users, log } = await fresh();
      const user = await users.add(newUser({ registeredAt: new Date('2026-07-01T12:34:56Z') }));
      await log.record({ userId: user.id, ip: '::1', at: new Date('2026-07-02T01:02:03Z') });
      const { rows } = await db.raw('SELECT date_registered::text AS r, last_login::text AS l FROM users');
      expect(rows).toEqual([{ r: '2026-07-01 12:34:56', l: '2026-07-02 01:02:03' }]);
    });

    it('runs three concurrent migrations against a fresh database without failing', async () => {
      const target = await createTempDatabase(url);
      const instances = [0, 1, 2].map(() => openDatabase({ databaseUrl: target.url, poolMax: 2 }));
      try {
        await Promise.all(instances.map((instance) => migrate(instance)));
        const first = instances[0]!;
        const { rows } = await first.raw("SELECT count(*) AS n FROM knex_migrations WHERE name = '001_initial'");
        expect(rows).toEqual([{ n: 1 }]);
        await migrate(first); // and again: a no-op
      } finally {
        await Promise.all(instances.map((instance) => instance.destroy()));
        await target.drop();
      }
    });

    it('reconnects by itself after its connections were killed', async () => {
      const { users } = await fresh();
      await users.add(newUser({ username: 'survivor' }));
      const killer = openDatabase({ databaseUrl: url });
      try {
        await killer.raw('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()', [
          temp.name,
        ]);
      } finally {
        await killer.destroy();
      }
      await sleep(200);
      expect((await users.findByUsername('survivor'))?.username).toBe('survivor');
    });
  });
});

describe('knex/postgres unreachable', () => {
  it('reports an unreachable server as UNAVAILABLE', async () => {
    const db = openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing' });
    try {
      await expectDomainError(new KnexUserRepo(db).findByUsername('anyone'), 'UNAVAILABLE');
    } finally {
      await db.destroy();
    }
  });
});
