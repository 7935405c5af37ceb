import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { apiRouter } from '../../src/adapters/http/app.js';
import { unlimited } from '../../src/adapters/ratelimit/unlimited-rate-limiter.js';
import type { RunningServer } from '../../src/server/index.js';
import { makeCore } from '../support/core.js';
import { FastPasswordHasher } from '../support/fast-password-hasher.js';
import { startInProcess, tempDir } from '../support/server.js';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startInProcess(dir.dir, {}, { doubles: true });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

/** `METHOD /path` of every route the server's router serves, path parameters written OpenAPI's way. */
function routerOperations(): string[] {
  // the router the server builds, from use-cases that are never called here
  const core = makeCore({
    signer: { generateKey: async () => new Uint8Array(), publicJwk: async () => ({}) as never, sign: async () => '' },
    hasher: new FastPasswordHasher(),
  });
  const router = apiRouter({
    issueToken: core.issue,
    registerUser: core.register,
    publishJwks: core.publish,
    authLimiter: unlimited(),
    registerLimiter: unlimited(),
    logger: pino({ level: 'silent' }),
    started: Promise.resolve(),
    readiness: async () => ({}),
    trustProxy: 0,
    publicUrl: 'http://localhost',
    issuer: 'http://localhost',
    version: '0',
  });
  return router.stack
    .flatMap((layer) => layer.methods.map((m) => `${m.toLowerCase()} ${String(layer.path).replace(/:(\w+)/g, '{$1}')}`))
    .sort();
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document whose paths and methods are exactly the router routes', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(doc) as never);
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(routerOperations());
    expect(doc.servers).toEqual([{ url: `http://localhost:${server.port}` }]);
  });

  it('is cached with an ETag', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    const again = await fetch(`${server.url}/openapi.json`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('documents every status the server answers a probe with', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const probes: [string, string, RequestInit][] = [
      ['/register', 'post', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":7}' }],
      ['/register', 'post', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }],
      ['/auth', 'post', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":"a","password":"b"}' }],
      ['/auth', 'post', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":' }],
      ['/docs/{asset}', 'get', {}],
    ];
    for (const [path, method, init] of probes) {
      const url = `${server.url}${path.replace('{asset}', 'nope.js')}`;
      const res = await fetch(url, init);
      expect(Object.keys(doc.paths[path]![method]!.responses), `${method} ${path}`).toContain(String(res.status));
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
