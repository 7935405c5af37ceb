import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { login } from '../support/http.js';
import { ROOT, spawnServer, tempDir, type SpawnedServer } from '../support/server.js';

/** What the bundle puts in front of each copy of `debug` (scripts/bundle.mjs). */
const STAND_IN = join(ROOT, 'scripts/stand-ins/debug.cjs');

/**
 * Runs a CommonJS `body` in a new Node process, with `debug` the stand-in, `loaded()` whether the real
 * module has been required, and `lines` what debuggers printed (through `log`); resolves with what it
 * printed as JSON.
 */
async function inChild<T>(body: string, env: Record<string, string> = {}): Promise<T> {
  const script = `const debug = require(${JSON.stringify(STAND_IN)});
    const real = require.resolve('debug', { paths: [${JSON.stringify(ROOT)}] });
    const loaded = () => real in require.cache;
    const lines = [];
    const log = (...args) => lines.push(require('node:util').format(...args));
    ${body}`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return JSON.parse(stdout) as T;
}

describe('the bundle’s stand-in for debug (knex’s and @koa/router’s debuggers)', () => {
  it('makes debuggers that are off, without loading debug, when DEBUG is unset at start', async () => {
    const seen = await inChild<Record<string, unknown>>(`
      const d = debug('knex:query');
      const returned = d('select %s', 1);
      const sub = d.extend('bindings');
      console.log(JSON.stringify({ returned: returned ?? null, enabled: d.enabled, namespace: d.namespace,
        sub: sub.namespace, subEnabled: sub.enabled, dashed: d.extend('x', '-').namespace, loaded: loaded() }));`);
    expect(seen).toEqual({
      returned: null,
      enabled: false,
      namespace: 'knex:query',
      sub: 'knex:query:bindings',
      subEnabled: false,
      dashed: 'knex:query-x',
      loaded: false,
    });
  });

  it('loads debug when its API is used: enable() turns on debuggers made before it, as debug’s own', async () => {
    const seen = await inChild<Record<string, unknown>>(`
      const early = debug('app:early');
      const other = debug('other');
      early('before enable');
      debug.enable('app:*');
      early.log = log;
      other.log = log;
      early('after %s', 'enable');
      other('not named');
      const late = debug('app:late');
      late.log = log;
      late('made after');
      console.log(JSON.stringify({ loaded: loaded(), early: early.enabled, other: other.enabled, late: late.enabled,
        lines: lines.map((line) => line.replace(/\\s*\\+\\d+m?s$/, '')) }));`);
    expect(seen.loaded).toBe(true);
    expect(seen).toMatchObject({ early: true, other: false, late: true });
    expect(seen.lines).toEqual([expect.stringMatching(/app:early after enable$/), expect.stringMatching(/app:late made after$/)]);
  });

  it('is debug itself when DEBUG is set at start', async () => {
    const seen = await inChild<Record<string, unknown>>(
      `const d = debug('app:x');
      d.log = log;
      d('hello');
      console.log(JSON.stringify({ same: debug === require(real), enabled: d.enabled, lines }));`,
      { DEBUG: 'app:*' },
    );
    expect(seen).toMatchObject({ same: true, enabled: true, lines: [expect.stringMatching(/app:x hello/)] });
  });

  describe('in the bundled server', () => {
    let dir: ReturnType<typeof tempDir> | undefined;
    let server: SpawnedServer | undefined;
    afterEach(async () => {
      await server?.stop();
      dir?.remove();
    });

    it('prints knex’s queries when DEBUG names them, as before the stand-in', async () => {
      dir = tempDir();
      server = await spawnServer(dir.dir, { DEBUG: 'knex:query', BOOTSTRAP_USERS: 'debugged:pw-123' });
      expect((await login(server.url, 'debugged', 'pw-123')).status).toBe(200);
      expect(server.stderr.some((line) => line.includes('knex:query'))).toBe(true);
    });
  });
});
