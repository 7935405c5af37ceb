import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JwksDocument, PublishJwks } from '../../../src/application/publish-jwks.js';
import { jwksFastPath } from '../../../src/adapters/http/jwks-fast-path.js';

const PATH = '/.well-known/jwks.json';
const DOC: JwksDocument = { body: '{"keys":[{"kid":"é"}]}', version: 'jwks-1-abc', maxAge: 120 };

let lines: Record<string, unknown>[] = [];
let observed: unknown[][] = [];
let ready = true;
let document: () => JwksDocument = () => DOC;
let trustProxy = 0;
let server: Server;
let base: string;

beforeAll(async () => {
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const fastPath = jwksFastPath({
    publishJwks: { execute: () => document() } as PublishJwks,
    lines: pino({ base: null }, sink),
    observer: { request: (...args: unknown[]) => observed.push(args), authOutcome: () => {}, registrationOutcome: () => {} },
    get trustProxy() {
      return trustProxy;
    },
    ready: () => ready,
  });
  server = createServer((req, res) => {
    if (!fastPath(req, res)) res.writeHead(418).end('the ordinary way');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  lines = [];
  observed = [];
  ready = true;
  document = () => DOC;
  trustProxy = 0;
});

describe('the JWKS answered ahead of Koa', () => {
  it('answers with the body and exactly the route’s headers', async () => {
    const res = await fetch(`${base}${PATH}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(DOC.body);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=120',
      etag: '"jwks-1-abc"',
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(DOC.body)), // bytes, not characters
    });
  });

  it('answers 304 to a matching If-None-Match (weak or in a list), with no body', async () => {
    for (const tag of ['"jwks-1-abc"', 'W/"jwks-1-abc"', '"other", "jwks-1-abc"', '*']) {
      const res = await fetch(`${base}${PATH}`, { headers: { 'If-None-Match': tag } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe('"jwks-1-abc"');
      expect(res.headers.get('cache-control')).toBe('public, max-age=120');
      expect(await res.text()).toBe('');
    }
    expect((await fetch(`${base}${PATH}`, { headers: { 'If-None-Match': '"stale"' } })).status).toBe(200);
  });

  it('answers HEAD with the headers and no body, and ignores a query string', async () => {
    const head = await fetch(`${base}${PATH}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(DOC.body)));
    expect(await head.text()).toBe('');
    expect(await (await fetch(`${base}${PATH}?x=1`)).text()).toBe(DOC.body);
  });

  it('leaves every other request, and any before start-up is done, to the ordinary way', async () => {
    for (const [method, path] of [
      ['POST', PATH],
      ['DELETE', PATH],
      ['GET', `${PATH}x`],
      ['GET', '/.well-known/jwks'],
      ['GET', '/'],
    ] as const) {
      expect((await fetch(`${base}${path}`, { method })).status).toBe(418);
    }
    ready = false;
    expect((await fetch(`${base}${PATH}`)).status).toBe(418);
    ready = true;
    document = () => {
      throw new Error('no keys');
    };
    expect((await fetch(`${base}${PATH}`)).status).toBe(418); // the route's error handler answers it
    expect(lines).toEqual([]);
    expect(observed).toEqual([]);
  });

  it('writes the request log’s five fields and reports the metrics under the route’s label', async () => {
    await fetch(`${base}${PATH}?secret=1`);
    await fetch(`${base}${PATH}`, { headers: { 'If-None-Match': '"jwks-1-abc"' } });
    expect(lines.map(({ time: _t, ms, ...rest }) => (expect(ms).toEqual(expect.any(Number)), rest))).toEqual([
      { level: 30, method: 'GET', path: PATH, status: 200, ip: '127.0.0.1', msg: 'request' },
      { level: 30, method: 'GET', path: PATH, status: 304, ip: '127.0.0.1', msg: 'request' },
    ]);
    expect(observed.map(([method, route, status]) => [method, route, status])).toEqual([
      ['GET', PATH, 200],
      ['GET', PATH, 304],
    ]);
    expect(observed.every(([, , , seconds]) => typeof seconds === 'number' && seconds >= 0)).toBe(true);
  });

  it('logs the client a trusted proxy names, and never a forwarded entry that is not an address', async () => {
    trustProxy = 1;
    await fetch(`${base}${PATH}`, { headers: { 'X-Forwarded-For': '10.9.9.9, 203.0.113.7' } });
    await fetch(`${base}${PATH}`, { headers: { 'X-Forwarded-For': '<script>alert(1)</script>' } });
    trustProxy = 0;
    await fetch(`${base}${PATH}`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(lines.map((line) => line.ip)).toEqual(['203.0.113.7', '127.0.0.1', '127.0.0.1']);
  });
});
