import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { ROOT, tempDir } from '../support/server.js';
import { querySqlite } from '../support/sqlite.js';

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

describe('the command line', () => {
  it('lists its commands with help, and exits 0', async () => {
    const run = await cli(['help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: jwks-auth-server/);
    expect(run.stdout).toMatch(/serve/);
    expect(run.stdout).toMatch(/migrate/);
  });

  it('prints its version with --version (and -V), and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await cli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(version);
    }
  });

  it.each([['serve'], ['migrate']])('gives help for %s', async (command) => {
    const run = await cli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: jwks-auth-server ${command}`);
  });

  it('exits 2 with one line on an unknown command or option', async () => {
    for (const args of [['nope'], ['migrate', '--nope']]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toMatch(/^error: unknown (command|option)/);
    }
  });

  it('migrate brings a new SQLite file up to date with the seed tables, exit 0', async () => {
    dir = tempDir();
    const db = join(dir.dir, 'x.db');
    const run = await cli(['migrate'], { DB_PATH: db });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`migrations applied: SQLite ${db} is up to date\n`);
    const tables = await querySqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['auth_logs', 'keys', 'users']));
  });

  it('refuses to work on a SQLite database that does not exist, creating nothing; migrate creates it', async () => {
    dir = tempDir();
    const db = join(dir.dir, 'typo.db');
    // the key file named too: its default (./not_my_key) would be the checkout's own after an `npm start` there
    const keyFile = join(dir.dir, 'not_my_key');
    for (const args of [['users', 'list'], ['users', 'add', 'ada'], ['keys', 'list'], ['audit'], ['rekey']]) {
      const run = await cli(args, { DB_PATH: db, NOT_MY_KEY: 'c'.repeat(64), NOT_MY_KEY_FILE: keyFile });
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toBe(
        `jwks-auth-server: no database at ${db}: start the server there first, run \`jwks-auth-server migrate\`, or set DB_PATH\n`,
      );
    }
    expect(readdirSync(dir.dir)).toEqual([]); // no database, no key file
    expect((await cli(['migrate'], { DB_PATH: db })).code).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(await cli(['users', 'list', '--json'], { DB_PATH: db })).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('never makes a master key: a command that needs one says none is set, the others work without', async () => {
    dir = tempDir();
    const env = { DB_PATH: join(dir.dir, 'x.db'), NOT_MY_KEY_FILE: join(dir.dir, 'not_my_key') };
    expect((await cli(['migrate'], env)).code).toBe(0);
    const keys = await cli(['keys', 'rotate'], env);
    expect(keys.code).toBe(1);
    expect(keys.stderr).toBe(
      `jwks-auth-server: no master key: NOT_MY_KEY is not set and there is no key file at ${env.NOT_MY_KEY_FILE}; set the server's (NOT_MY_KEY or NOT_MY_KEY_FILE)\n`,
    );
    expect((await cli(['users', 'list'], env)).code).toBe(0);
    expect(existsSync(env.NOT_MY_KEY_FILE)).toBe(false);
  });

  it('exits 2 naming the variable when a setting is bad', async () => {
    const run = await cli(['migrate'], { PORT: 'eighty' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^jwks-auth-server: invalid PORT: [^\n]*\n$/);
  });

  it('exits 1 with exactly one line when the database cannot be reached', async () => {
    const run = await cli(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^jwks-auth-server: [^\n]*unavailable[^\n]*\n$/);
    expect(run.stdout).toBe('');
  });
});
