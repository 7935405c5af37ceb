import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scrape: the exposition and its content type. */
export type Scrape = () => Promise<{ body: string; contentType: string }>;

/** A listening metrics endpoint. */
export interface MetricsListener {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (and HEAD) on a listener of its own, apart from the public API: anything else
 * is 404 (or 405 for another method on /metrics). Rejects if the address cannot be bound.
 */
export async function listenForMetrics(scrape: Scrape, port: number, host: string): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return void res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
    }
    scrape().then(
      ({ body, contentType }) => {
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics collection failed\n'),
    );
  });
  server.keepAliveTimeout = 65_000; // longer than Prometheus' scrape interval: one connection per scraper
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
