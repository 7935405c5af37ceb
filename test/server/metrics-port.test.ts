import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { parseExposition } from '../support/exposition.js';
import { startInProcess, tempDir } from '../support/server.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A loopback port that something is listening on, until cleanup. */
async function occupiedPort(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  cleanup.push(() => new Promise<void>((done) => blocker.close(() => done())));
  return (blocker.address() as { port: number }).port;
}

/** A loopback port that was free a moment ago. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

async function start(env: Record<string, string>): Promise<RunningServer> {
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  const server = await startInProcess(dir.dir, env, { doubles: true });
  cleanup.push(() => server.close());
  return server;
}

describe('where the metrics listen', () => {
  it('refuses to start when a port the operator chose is taken', async () => {
    const port = await occupiedPort();
    await expect(start({ METRICS_PORT: String(port) })).rejects.toThrow(/EADDRINUSE/);
  });

  it('runs without metrics, and serves, when the default port 9464 is taken (a second instance on the machine)', async () => {
    const blocker: Server = createServer();
    const blocked = await new Promise<boolean>((done) => {
      blocker.once('error', () => done(false)); // already taken by something else: as good
      blocker.listen(9464, '127.0.0.1', () => done(true));
    });
    if (blocked) cleanup.push(() => new Promise<void>((done) => blocker.close(() => done())));
    const server = await start({ METRICS_PORT: '' }); // unset: the default
    expect(server.metricsUrl).toBeUndefined();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('serves /metrics on the API port only when METRICS_PORT equals PORT', async () => {
    const port = await freePort();
    const server = await start({ PORT: String(port), METRICS_PORT: String(port) });
    expect(server.metricsUrl).toBe(`http://localhost:${port}/metrics`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(parseExposition(await res.text()).has('jwks_keys_published')).toBe(true);
  });

  it('is off with METRICS_PORT=off', async () => {
    const server = await start({ METRICS_PORT: 'off' });
    expect(server.metricsUrl).toBeUndefined();
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });
});
