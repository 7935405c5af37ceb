/**
 * GET /.well-known/jwks.json throughput (request logging on, to a file) against a bare Koa +
 * @koa/router app and a bare node:http server serving the same body, in interleaved rounds.
 */
import { combine, load, type LoadResult } from '../lib/load.js';
import { startReference, startServer, waitFor } from '../lib/proc.js';

export interface JwksResult {
  server: LoadResult;
  bareKoa: LoadResult;
  bareHttp: LoadResult;
  bodyBytes: number;
}

const PATH = '/.well-known/jwks.json';

export async function jwks(options: { rounds: number; seconds: number }): Promise<JwksResult> {
  const server = await startServer({ LOG_LEVEL: 'info' });
  try {
    const body = await waitFor(`${server.url}${PATH}`);
    const koa = await startReference('bare-koa', body);
    const http = await startReference('bare-http', body);
    try {
      const targets = { bareHttp: http.url, bareKoa: koa.url, server: server.url };
      for (const url of Object.values(targets)) {
        await waitFor(`${url}${PATH}`);
        await load({ url: `${url}${PATH}`, seconds: 1, latencies: false }); // warm-up (JIT)
      }
      const results: Record<string, LoadResult[]> = { bareHttp: [], bareKoa: [], server: [] };
      for (let i = 0; i < options.rounds; i++) {
        for (const [name, url] of Object.entries(targets))
          results[name]!.push(await load({ url: `${url}${PATH}`, seconds: options.seconds, latencies: false }));
      }
      return {
        server: combine(results.server!),
        bareKoa: combine(results.bareKoa!),
        bareHttp: combine(results.bareHttp!),
        bodyBytes: Buffer.byteLength(body),
      };
    } finally {
      await Promise.all([koa.stop(), http.stop()]);
    }
  } finally {
    await server.stop();
  }
}
