import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/lifecycle.js';
import { cli } from '../support/cli.js';
import { startInProcess, tempDir } from '../support/server.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listening<T extends Server | ReturnType<typeof createTcpServer>>(server: T): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  closers.push(() => new Promise((done) => server.close(done)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('healthcheck', () => {
  it('exits 0 when /readyz answers 200, using PORT when no --url is given', async () => {
    const dir = tempDir();
    const server: RunningServer = await startInProcess(dir.dir, {}, { doubles: true });
    closers.push(async () => (await server.close(), dir.remove()));
    expect(await cli(['healthcheck', '--url', `${server.url}/readyz`])).toEqual({ code: 0, stdout: 'ready\n', stderr: '' });
    expect((await cli(['healthcheck'], { PORT: String(server.port) })).code).toBe(0);
  });

  it('exits 1 with one line when /readyz answers 503', async () => {
    const url = await listening(createServer((_req, res) => res.writeHead(503).end('{}')));
    const run = await cli(['healthcheck', '--url', `${url}/readyz`]);
    expect([run.code, run.stderr]).toEqual([1, `jwks-auth-server: not ready: ${url}/readyz answered 503\n`]);
  });

  it('exits 1 within 2 s when the server accepts but never answers', async () => {
    const sockets: Array<{ destroy(): void }> = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    const url = await listening(silent);
    closers.push(async () => sockets.forEach((s) => s.destroy()));
    const started = performance.now();
    const run = await cli(['healthcheck', '--url', `${url}/readyz`]);
    const ms = performance.now() - started;
    expect([run.code, run.stderr]).toEqual([1, `jwks-auth-server: not ready: no answer from ${url}/readyz within 2 s\n`]);
    expect(ms).toBeGreaterThan(1900);
    expect(ms).toBeLessThan(2600);
  });

  it('exits 1 when nothing listens, and 2 for a URL that is not http(s)', async () => {
    expect((await cli(['healthcheck', '--url', 'http://127.0.0.1:1/readyz'])).code).toBe(1);
    expect((await cli(['healthcheck', '--url', 'file:///etc/passwd'])).code).toBe(2);
    expect((await cli(['healthcheck', '--help'])).stdout).toContain('Usage: jwks-auth-server healthcheck');
  });
});
