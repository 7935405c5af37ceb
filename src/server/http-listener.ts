import type { Server } from 'node:http';
import type { Config } from './config.js';

/** Listens on the configured port and host; rejects (e.g. EADDRINUSE) if it cannot. */
export function listen(server: Server, config: Pick<Config, 'port' | 'host'>): Promise<void> {
  return new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolveListen());
  });
}

/** Stops accepting and waits for in-flight requests; after `timeoutMs` the rest are cut. */
export async function drain(server: Server, timeoutMs: number): Promise<void> {
  const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
  // keep-alive connections that finish their in-flight request become idle: close them as they do
  const reap = setInterval(() => server.closeIdleConnections(), 50);
  await new Promise<void>((resolveClose) => {
    server.close(() => resolveClose());
    server.closeIdleConnections();
  });
  clearTimeout(force);
  clearInterval(reap);
}
