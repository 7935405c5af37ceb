import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExample } from '../examples/embed.js';
import { ROOT } from './support/server.js';

/** Which of koa / tsyringe a fresh Node process has loaded after importing `entry` (both are CommonJS, so they land in require.cache). */
function frameworksLoadedBy(entry: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const mod = await import(${JSON.stringify(join(ROOT, entry))});
    if (mod.runExample) await mod.runExample();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(['koa', 'tsyringe'].filter((name) => loaded.some((p) => p.includes('/node_modules/' + name + '/')))));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }).trim(),
  ) as string[];
}

describe('examples/embed.ts: the core embedded without Koa, a database or tsyringe', () => {
  it('registers a user, issues a token and verifies it against the published JWKS', async () => {
    const result = await runExample();
    expect(result).toEqual({ username: 'ada', subject: '1', logins: 1 });
  });

  it('runs from the build (npm run example) and neither it nor the package entry loads Koa or tsyringe', () => {
    expect(frameworksLoadedBy('dist/examples/embed.js')).toEqual([]);
    expect(frameworksLoadedBy('dist/src/index.js')).toEqual([]);
    // the control: the assembled server's entry does load both, so the check above can fail
    expect(frameworksLoadedBy('dist/src/server/index.js')).toEqual(['koa', 'tsyringe']);
  });
});
