import { execFile } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN, tempDir } from '../support/server.js';

const run = promisify(execFile);
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

describe('the executable (dist/src/main.cjs, the package bin)', () => {
  it('is a node script: a shebang line first', async () => {
    const { stdout } = await run('head', ['-1', MAIN]);
    expect(stdout.trim()).toBe('#!/usr/bin/env node');
    expect(statSync(MAIN).isFile()).toBe(true);
    expect(statSync(MAIN).mode & 0o111, 'executable by its owner, group and others').toBe(0o111);
  });

  it('runs a command and exits with its code: help 0, migrate 0 in a fresh directory', async () => {
    dir = tempDir();
    const env = { PATH: process.env.PATH ?? '' };
    const help = await run(process.execPath, [MAIN, 'help'], { cwd: dir.dir, env });
    expect(help.stdout).toMatch(/Commands:/);
    const migrate = await run(process.execPath, [MAIN, 'migrate'], { cwd: dir.dir, env });
    expect(migrate.stdout).toBe('migrations applied: SQLite totally_not_my_privateKeys.db is up to date\n');
    expect(statSync(join(dir.dir, 'totally_not_my_privateKeys.db')).size).toBeGreaterThan(0);
  });

  it('launches through its CommonJS launcher when built: no module goes through Node’s ES-module loader', async () => {
    dir = tempDir();
    const preload = join(dir.dir, 'loaded.cjs');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList)));");
    const { stdout, stderr } = await run(process.execPath, ['-r', preload, MAIN, '--version'], {
      cwd: dir.dir,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const loaded = JSON.parse(stderr) as string[];
    expect(loaded).toContain('NativeModule vm'); // the bundle's loader ran
    expect(loaded.filter((name) => /internal\/modules\/esm\/(module_job|translators|resolve)$/.test(name))).toEqual([]);
  });

  it('exits 2 on an unknown command', async () => {
    const failed = await run(process.execPath, [MAIN, 'frobnicate']).catch((err: { code: number; stderr: string }) => err);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
