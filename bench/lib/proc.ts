/** Child processes for the benchmark: the server as `npm start` runs it, the references, busy loops. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MASTER_KEY = 'c'.repeat(64);

export interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly dir: string;
  /** SIGTERM, wait for the exit, remove the temporary directory (unless kept). */
  stop(): Promise<void>;
}

/** A free loopback port (bound and released: the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/** The command `npm start` runs (package.json's start script), without npm's own ~300 ms in front. */
export function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const argv = pkg.scripts.start.trim().split(/\s+/);
  if (argv[0] !== 'node') throw new Error(`the start script does not start with node: ${pkg.scripts.start}`);
  return [process.execPath, ...argv.slice(1)];
}

function launch(argv: string[], env: Record<string, string>, port: number, dir: string, keepDir = false): Child {
  const log = openSync(join(dir, 'stdout.log'), 'a');
  const proc = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  return {
    proc,
    dir,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'jwks-bench-'));
}

/** The server, started like `npm start` with its log (request logging on) going to a file. */
export async function startServer(env: Record<string, string> = {}, dir = tempDir(), keepDir = false): Promise<Child> {
  // metrics on, as by default, but on a port of its own: 9464 may be another server's on this machine
  const serverEnv = {
    DB_PATH: join(dir, 'bench.db'),
    NOT_MY_KEY: MASTER_KEY,
    LOG_LEVEL: 'info',
    METRICS_PORT: String(await freePort()),
    ...env,
  };
  return launch(startCommand(), serverEnv, await freePort(), dir, keepDir);
}

/** A reference server from bench/references/ serving `body`. */
export async function startReference(name: 'bare-http' | 'bare-koa', body: string): Promise<Child> {
  const script = join(ROOT, 'bench/references', `${name}.mjs`);
  return launch([process.execPath, script], { BODY: body }, await freePort(), tempDir());
}

/** Resolves with the body once `url` answers with `status`; retries refused connections every 5 ms. */
export async function waitFor(url: string, status = 200, timeoutMs = 20_000, init?: RequestInit): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, init);
      const body = await res.text();
      if (res.status === status) return body;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 5));
  }
}

/** Resident set size of a process, MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * CPU time a process's threads have used, ms (Linux /proc: user + system, in clock ticks of 10 ms):
 * its main thread, and all its threads.
 */
export function threadCpuMs(pid: number): { main: number; all: number } {
  let main = 0;
  let all = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after the command name, which may hold spaces
    const ms = (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime
    all += ms;
    if (tid === String(pid)) main = ms;
  }
  return { main, all };
}

/** Samples a process's RSS every `everyMs` until stopped; resolves with the samples. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMiB(pid)), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

/** `n` processes spinning a core each; returns a function that kills them. */
export function busyCores(n: number): () => Promise<void> {
  const script = join(ROOT, 'bench/references/busy.mjs');
  const procs = Array.from({ length: n }, () => spawn(process.execPath, [script], { stdio: 'ignore' }));
  return async () => {
    await Promise.all(procs.map((p) => new Promise<void>((done) => (p.once('exit', () => done()), p.kill('SIGKILL')))));
  };
}

/** Wall time of running a command to completion, ms. */
export async function wallMs(argv: string[], cwd = ROOT): Promise<number> {
  const t0 = performance.now();
  const proc = spawn(argv[0]!, argv.slice(1), { cwd, stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
  const code = await new Promise<number | null>((done) => proc.once('exit', (c) => done(c)));
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code}`);
  return performance.now() - t0;
}
