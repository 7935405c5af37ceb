import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { logDestination } from '../../src/server/log-destination.js';
import { MAIN, spawnServer, tempDir, testEnv } from '../support/server.js';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

describe('log lines', () => {
  it('are readable single lines on a terminal, and never JSON there', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = pino({ base: { service: 'jwks-auth-server' } }, logDestination({ pretty: true, colorize: false, to: out }));
    logger.info({ method: 'GET', path: '/auth', status: 405 }, 'request');
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: request \{"method":"GET","path":"\/auth","status":405\}\n$/);
    expect(logDestination({ pretty: false })).toBeUndefined();
  });

  it('start with one line naming the URLs, the database and the master-key file (JSON when piped)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const server = await spawnServer(dir.dir, { METRICS_PORT: '0' });
    try {
      const line = JSON.parse(server.stdout.find((l) => l.includes('"msg":"listening'))!) as Record<string, unknown>;
      const port = String(line.port);
      expect(line.msg).toMatch(
        new RegExp(
          `^listening on http://localhost:${port} \\(docs http://localhost:${port}/docs, JWKS http://localhost:${port}/\\.well-known/jwks\\.json, ` +
            `metrics http://127\\.0\\.0\\.1:\\d+/metrics\\); database SQLite ${dir.dir}/totally_not_my_privateKeys\\.db; master key file ${dir.dir}/not_my_key$`,
        ),
      );
      expect(server.stdout.every((l) => l.startsWith('{'))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('are pretty when stdout is a terminal (run under script(1), which gives the server a pseudo-terminal)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const env = { PATH: process.env.PATH ?? '', ...testEnv(dir.dir, { LOG_LEVEL: 'info', METRICS_PORT: 'off' }) };
    const proc = spawn('script', ['-qefc', `${process.execPath} ${MAIN}`, '/dev/null'], {
      cwd: dir.dir,
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let text = '';
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no start-up line within 15 s: ${text}`)), 15_000);
      proc.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/listening on http:\/\/localhost:\d+ .*metrics off.*master key file/.test(text.replace(/\x1b\[[0-9;]*m/g, ''))) {
          clearTimeout(timer);
          done();
        }
      });
    });
    const exited = new Promise((done) => proc.once('exit', done));
    process.kill(-proc.pid!, 'SIGTERM');
    await exited;
    const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/\] INFO: listening on http:\/\/localhost:\d+ \(docs /);
    expect(plain).not.toMatch(/^\{"level"/m);
  });
});
