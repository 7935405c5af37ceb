import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/server/config.js';
import { FixedClock } from '../../src/adapters/memory/fixed-clock.js';
import { compose, createLogger, startServer, TOKENS, type RunningServer } from '../../src/server/index.js';
import { FastPasswordHasher } from './fast-password-hasher.js';

import { waitUntil } from './wait.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MAIN = join(ROOT, 'dist/src/main.cjs');

// Its home is temp-dir.ts; re-exported because the server helpers' users often want both.
export { tempDir } from './temp-dir.js';

/** The environment every test server gets: loopback, ephemeral port, quiet, files in `dir`. */
export function testEnv(dir: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    DB_PATH: join(dir, 'totally_not_my_privateKeys.db'),
    NOT_MY_KEY_FILE: join(dir, 'not_my_key'),
    LOG_LEVEL: 'silent',
    METRICS_PORT: 'off', // many test servers run at once: a test that looks at metrics asks for port 0
    ...env,
  };
}

/**
 * The real composition, in this process, on an ephemeral port. Resolves once start-up is done.
 * With `doubles`, a test that does not examine Argon2 or the passing of time gets the fast hasher and
 * a clock fixed at the start, registered in a child container over the real composition.
 */
export async function startInProcess(
  dir: string,
  env: Record<string, string> = {},
  options: { doubles?: boolean } = {},
): Promise<RunningServer> {
  const config = loadConfig(testEnv(dir, env));
  const logger = createLogger(config);
  const container = compose(config, logger).createChildContainer();
  if (options.doubles) {
    container.register(TOKENS.hasher, { useValue: new FastPasswordHasher() });
    container.register(TOKENS.clock, { useValue: new FixedClock(new Date()) });
  }
  const server = await startServer(config, { logger, container });
  await server.started;
  return server;
}

export interface SpawnedServer {
  readonly proc: ChildProcess;
  readonly url: string;
  /** Every stdout line (pino JSON) and stderr line so far. */
  readonly stdout: string[];
  readonly stderr: string[];
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Starts `node dist/src/main.cjs` (what `npm start` runs) and resolves once it logs `listening`
 * (so LOG_LEVEL must be info or lower; it defaults to info here). Rejects if it exits first.
 */
export function spawnServer(dir: string, env: Record<string, string> = {}, cwd = dir): Promise<SpawnedServer> {
  const proc = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...testEnv(dir, { LOG_LEVEL: 'info', ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: proc.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
  return new Promise((resolveServer, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      stdout.push(line);
      if (!line.includes('"msg":"listening')) return;
      const port = (JSON.parse(line) as { port: number }).port;
      resolveServer({
        proc,
        url: `http://127.0.0.1:${port}`,
        stdout,
        stderr,
        exited,
        stop: (signal = 'SIGTERM') => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr.join('\n')}`)));
  });
}

/** Runs `node dist/src/main.cjs` expecting it to exit; resolves with its code and output. */
export async function runToExit(
  dir: string,
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const proc = spawn(process.execPath, [MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...testEnv(dir, { LOG_LEVEL: 'info', ...env }) },
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => proc.once('exit', (c) => done(c)));
  clearTimeout(timer);
  return { code, stderr, stdout };
}

/** Waits until a server's start-up work is done (/readyz answers 200): it listens before that. */
export async function waitReady(server: { readonly url: string }, timeoutMs = 15_000): Promise<void> {
  await waitUntil(async () => (await fetch(`${server.url}/readyz`)).status === 200, timeoutMs, `${server.url} ready`);
}
