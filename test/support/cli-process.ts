import { spawn, type ChildProcess } from 'node:child_process';
import { MAIN, testEnv } from './server.js';

/** What one run of the executable printed, and its exit code. */
export interface ProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Starts `node dist/src/main.cjs <args>` in `dir` with the test environment plus `env`. */
export function startCli(dir: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...testEnv(dir, { LOG_LEVEL: 'warn', ...env }) },
  });
}

/** Runs `node dist/src/main.cjs <args>` to its exit (killed after `timeoutMs`). */
export async function runCliProcess(
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ProcessRun> {
  const started = performance.now();
  const proc = startCli(dir, args, env);
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => proc.once('exit', (c) => done(c)));
  clearTimeout(timer);
  return { code, stdout, stderr, ms: performance.now() - started };
}
