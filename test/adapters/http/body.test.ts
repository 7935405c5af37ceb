import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBody } from '../../../src/adapters/http/body.js';
import { errorMiddleware } from '../../../src/adapters/http/error-middleware.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = new Koa();
  app.silent = true;
  app.use(errorMiddleware(pino({ level: 'silent' })));
  app.use(async (ctx, next) => {
    const form = ctx.path === '/form';
    await parseBody({ form, required: !form })(ctx, next);
  });
  app.use((ctx) => {
    ctx.body = { body: ctx.request.body ?? null };
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function post(path: string, body: string | Uint8Array | undefined, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', body, headers });
  return { status: res.status, json: (await res.json()) as { body?: unknown; detail?: string }, headers: res.headers };
}

describe('parseBody', () => {
  it('reads a JSON object (also a +json type, UTF-8 with a BOM or not)', async () => {
    expect((await post('/json', '{"username":"ünï"}', { 'Content-Type': 'application/json; charset=UTF-8' })).json.body).toEqual({
      username: 'ünï',
    });
    expect((await post('/json', '\uFEFF{"a":1}', { 'Content-Type': 'application/vnd.x+json' })).json.body).toEqual({ a: 1 });
  });

  it('reads an empty JSON body as {}, and leaves an optional absent body alone', async () => {
    expect((await post('/json', '', { 'Content-Type': 'application/json' })).json.body).toEqual({});
    expect((await post('/form', undefined)).json.body).toBeNull();
  });

  it('refuses JSON that is malformed or not an object with 400', async () => {
    for (const text of ['{"a":', '[1,2]', '"x"', 'null', '42']) {
      expect((await post('/json', text, { 'Content-Type': 'application/json' })).status).toBe(400);
    }
  });

  it('reads form fields, a repeated one as an array, only where forms are allowed', async () => {
    const form = await post('/form', 'username=a+b&password=p%40ss&x=1&x=2', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.json.body).toEqual({ username: 'a b', password: 'p@ss', x: ['1', '2'] });
    expect((await post('/json', 'username=a', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('refuses another media type, another charset or a compressed body with 415', async () => {
    expect((await post('/json', '<a/>', { 'Content-Type': 'text/xml' })).status).toBe(415);
    expect((await post('/json', undefined)).status).toBe(415); // required, and no type at all
    expect((await post('/json', '{}', { 'Content-Type': 'application/json; charset=latin1' })).status).toBe(415);
    expect((await post('/json', '{}', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })).status).toBe(415);
  });

  it('refuses bytes that are not UTF-8 with 400', async () => {
    const res = await post('/json', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), {
      'Content-Type': 'application/json',
    });
    expect(res.status).toBe(400);
  });

  it('refuses a body over 4 KiB with 413 and closes the connection, told or not by Content-Length', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(5000) });
    const declared = await post('/json', big, { 'Content-Type': 'application/json' });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
    expect((await post('/json', JSON.stringify({ padding: 'x'.repeat(4000) }), { 'Content-Type': 'application/json' })).status).toBe(200);
    // chunked: no Content-Length, refused as the bytes arrive
    const status = await new Promise<number>((done, fail) => {
      const req = httpRequest(`${base}/json`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail);
      req.write('{"padding":"');
      for (let i = 0; i < 10; i++) req.write('x'.repeat(1000));
      req.end('"}');
    });
    expect(status).toBe(413);
  });
});
