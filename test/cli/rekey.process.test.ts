/**
 * Issue #8: `rekey` as an operator runs it, against SQLite and PostgreSQL: the new master key serves a
 * byte-identical JWKS, the old one is refused without a change to the database, a running server keeps
 * working, and a rekey killed part-way leaves every key readable with the old key.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmKeyCipher } from '../../src/adapters/crypto/aes-gcm-key-cipher.js';
import { masterKeyFromValue } from '../../src/adapters/crypto/master-key.js';
import { KnexKeyVault } from '../../src/adapters/persistence/knex-key-vault.js';
import { openDatabase } from '../../src/adapters/persistence/open-database.js';
import { runCliProcess, startCli } from '../support/cli-process.js';
import { login } from '../support/http.js';
import { createTempDatabase, type TempDatabase } from '../support/postgres.js';
import { runToExit, spawnServer, tempDir, waitReady, type SpawnedServer } from '../support/server.js';
import { postgresUrl } from '../support/services.js';

const BACKENDS = [['SQLite', false], ...(postgresUrl() ? [['PostgreSQL', true] as const] : [])] as const;
const PASSWORD = 'a-long-enough-password';

async function jwks(url: string) {
  const res = await fetch(`${url}/.well-known/jwks.json`);
  return { etag: res.headers.get('etag'), body: await res.text() };
}

describe.each(BACKENDS)('rekey on %s', (_name, postgres) => {
  let dir: ReturnType<typeof tempDir>;
  let database: TempDatabase | undefined;
  let db: Knex;
  let servers: SpawnedServer[];
  const oldKey = randomBytes(32).toString('hex');
  const newKey = randomBytes(32).toString('hex');

  beforeEach(async () => {
    dir = tempDir('rekey-cli-');
    database = postgres ? await createTempDatabase() : undefined;
    db = openDatabase(database ? { databaseUrl: database.url } : { sqlitePath: join(dir.dir, 'totally_not_my_privateKeys.db') });
    servers = [];
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db.destroy();
    await database?.drop();
    dir.remove();
  });

  const envWith = (env: Record<string, string>) => ({
    BOOTSTRAP_USERS: `rekey_user:${PASSWORD}`,
    ...(database && { DATABASE_URL: database.url }),
    ...env,
  });
  const start = async (env: Record<string, string>) => {
    const server = await spawnServer(dir.dir, envWith(env));
    servers.push(server);
    await waitReady(server);
    return server;
  };
  const rows = () => db('keys').select('*').orderBy('kid');

  it(
    'moves every key to NEW_NOT_MY_KEY: same JWKS and ETag under the new key, the old key refused, a running server unharmed',
    { timeout: 90_000 },
    async () => {
      const running = await start({ NOT_MY_KEY: oldKey });
      const before = await jwks(running.url);
      // a server already on the new key, reading the old one, before the rekey: same keys, and a warning to rekey
      const early = await start({ NOT_MY_KEY: newKey, NOT_MY_KEY_PREVIOUS: oldKey });
      expect(await jwks(early.url)).toEqual(before);
      expect(early.stdout.filter((line) => line.includes('run `jwks-auth-server rekey`'))).toHaveLength(1);
      await early.stop();
      servers = [running];

      const run = await runCliProcess(dir.dir, ['rekey'], envWith({ NOT_MY_KEY: oldKey, NEW_NOT_MY_KEY: newKey }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(`^re-encrypted 2 signing keys under master key ${new AesGcmKeyCipher(Buffer.from(newKey, 'hex')).keyId};`),
      );
      expect(run.stdout + run.stderr).not.toContain(oldKey);
      expect(run.stdout + run.stderr).not.toContain(newKey);

      expect((await login(running.url, 'rekey_user', PASSWORD)).status).toBe(200); // still serving, still signing
      expect(await jwks(running.url)).toEqual(before);
      await running.stop();
      servers = [];

      const renewed = await start({ NOT_MY_KEY: newKey });
      expect(await jwks(renewed.url)).toEqual(before);
      await renewed.stop();
      servers = [];

      const stored = await rows();
      const refused = await runToExit(dir.dir, envWith({ NOT_MY_KEY: oldKey }));
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/do not decrypt with the master key from NOT_MY_KEY/);
      expect(await rows()).toEqual(stored);

      const rolling = await start({ NOT_MY_KEY: newKey, NOT_MY_KEY_PREVIOUS: oldKey }); // a rolling restart reads both
      expect(await jwks(rolling.url)).toEqual(before);
    },
  );

  it('leaves every key readable with the old master key when killed part-way', { timeout: 120_000 }, async () => {
    const old = new AesGcmKeyCipher(masterKeyFromValue(oldKey).key);
    await runCliProcess(dir.dir, ['migrate'], envWith({ NOT_MY_KEY: oldKey }));
    const count = postgres ? 6000 : 20_000;
    await new KnexKeyVault(db, old).update(() =>
      Array.from({ length: count }, (_, i) => ({ exp: 1_000_000_000 + i, privateKey: randomBytes(64) })),
    );
    const stored = await rows();

    const proc = startCli(dir.dir, ['rekey'], envWith({ NOT_MY_KEY: oldKey, NEW_NOT_MY_KEY: newKey }));
    let stderr = '';
    const killed = new Promise<string | null>((done) => proc.once('exit', (_code, signal) => done(signal)));
    proc.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/re-encrypted \d+\/\d+ keys/.test(stderr)) proc.kill('SIGKILL');
    });
    expect(await killed, stderr).toBe('SIGKILL');
    expect(stderr).toMatch(new RegExp(`re-encrypted \\d+/${count} keys`));

    expect(await rows()).toEqual(stored);
    expect(await new KnexKeyVault(db, old).all()).toHaveLength(count);
  });

  it.runIf(!postgres)('moves a key file to a newly generated key: the file then holds only the new key', { timeout: 90_000 }, async () => {
    const running = await start({});
    const before = await jwks(running.url);
    const file = join(dir.dir, 'not_my_key');
    copyFileSync(file, join(dir.dir, 'old_key'));

    const run = await runCliProcess(dir.dir, ['rekey'], envWith({}));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${file} now holds only the new key`);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toBe(readFileSync(join(dir.dir, 'old_key'), 'utf8').trim());
    expect(run.stdout + run.stderr).not.toContain(lines[0]);
    await running.stop();
    servers = [];

    expect(await jwks((await start({})).url)).toEqual(before);
    const refused = await runToExit(dir.dir, envWith({ NOT_MY_KEY_FILE: join(dir.dir, 'old_key') }));
    expect(refused.code).toBe(1);
  });
});
