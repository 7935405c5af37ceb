/**
 * Start-up: the import of the server module against `node -e 0`, and process start → first correct
 * POST /auth on an empty database (what the course client does after its ~1 s grace), quiet and
 * with every core kept busy by other processes.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { busyCores, ROOT, startServer, wallMs } from '../lib/proc.js';
import { median } from '../lib/stats.js';

export interface StartupResult {
  module: string;
  importMs: number[];
  nodeMs: number[];
  firstAuthQuietMs: number[];
  firstAuthBusyMs: number[];
}

/**
 * What `npm start` loads before it can serve, as `node -e` arguments: the bundle through the
 * executable's own loader when built (its CommonJS launcher, as dist/src/main.cjs requires it), else
 * tsc's modules (the command line, or the server entry).
 */
export function serverModule(): { label: string; args: string[] } {
  const url = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, path)).href);
  if (existsSync(join(ROOT, 'dist/bundle/cli.vm.js')) && existsSync(join(ROOT, 'dist/src/cli/launch.cjs'))) {
    const script = `if (!require(${JSON.stringify(join(ROOT, 'dist/src/cli/launch.cjs'))}).loadBundle()) process.exit(1);`;
    return { label: 'dist/bundle/cli.vm.js with its code cache, through dist/src/cli/launch.cjs', args: ['-e', script] };
  }
  const found = ['dist/src/cli/entry.js', 'dist/src/server/index.js'].find((path) => existsSync(join(ROOT, path)));
  if (!found) throw new Error('no built server module: run `npm run build` first');
  return { label: found, args: ['--input-type=module', '-e', `await import(${url(found)});`] };
}

const FORM = 'username=userABC&password=password123';

/** Spawns the server on a fresh database and posts the course client's login until it answers 200. */
async function firstAuth(): Promise<number> {
  const t0 = performance.now();
  const server = await startServer({ BOOTSTRAP_USERS: 'userABC:password123' });
  try {
    for (;;) {
      try {
        const res = await fetch(`${server.url}/auth`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: FORM,
        });
        const text = await res.text();
        if (res.status === 200 && text.includes('.')) return performance.now() - t0;
        throw new Error(`first /auth answered ${res.status}: ${text}`);
      } catch (err) {
        if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw err;
        if (performance.now() - t0 > 20_000) throw new Error('the server did not listen within 20 s');
        await new Promise((done) => setTimeout(done, 5));
      }
    }
  } finally {
    await server.stop();
  }
}

/**
 * `runs` first starts of each kind (quiet, busy): a first start's time follows its RSA key's, whose
 * prime search varies several-fold from one key to the next, so a median needs more than a few.
 * `importRuns` alternating loads of the module and of `node -e 0`: tens of ms each, on a shared machine.
 */
export async function startup(options: { runs: number; importRuns: number }): Promise<StartupResult> {
  const { label: module, args } = serverModule();
  const importer = [process.execPath, ...args];
  const importMs: number[] = [];
  const nodeMs: number[] = [];
  await wallMs(importer); // warm the file system cache
  for (let i = 0; i < options.importRuns; i++) {
    nodeMs.push(await wallMs([process.execPath, '-e', '0']));
    importMs.push(await wallMs(importer));
  }
  const firstAuthQuietMs: number[] = [];
  const firstAuthBusyMs: number[] = [];
  await firstAuth(); // warm-up
  for (let i = 0; i < options.runs; i++) {
    firstAuthQuietMs.push(await firstAuth());
    const release = busyCores(availableParallelism());
    await new Promise((done) => setTimeout(done, 200)); // let the spinners get scheduled
    try {
      firstAuthBusyMs.push(await firstAuth());
    } finally {
      await release();
    }
  }
  return { module, importMs, nodeMs, firstAuthQuietMs, firstAuthBusyMs };
}

export const startupSummary = (r: StartupResult) => ({
  importMs: median(r.importMs),
  nodeMs: median(r.nodeMs),
  quietMs: median(r.firstAuthQuietMs),
  busyMs: median(r.firstAuthBusyMs),
});
