import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { sleep } from './wait.js';

/** A TCP proxy on 127.0.0.1 that a test can cut (dropping and refusing connections) and restore on the same port. */
export interface TcpProxy {
  /** The port it listens on (the same after a restore). */
  readonly port: number;
  /** False between {@link cut} and {@link restore}. */
  readonly up: boolean;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every piped socket (both sides) and stops accepting: new connections are refused. */
  cut(): Promise<void>;
  /**
   * Black-holes the link without closing anything, like a network partition that drops packets:
   * open connections stay open but nothing is forwarded any more, and new ones are accepted and
   * never answered. {@link cut} (then {@link restore}) ends it.
   */
  freeze(): void;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  /** Like {@link cut}, for good (idempotent). */
  close(): Promise<void>;
  /** `url` with its host and port replaced by the proxy's (`postgres://u@db:5432/x` → `postgres://u@127.0.0.1:<port>/x`). */
  rewrite(url: string): string;
}

/** Starts a proxy to `targetHost:targetPort` on an ephemeral port of 127.0.0.1. */
export async function createTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let accepted = 0;
  let closed = false;
  let frozen = false;

  const hold = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const pipe = (inbound: Socket) => {
    accepted++;
    if (frozen) {
      hold(inbound);
      inbound.pause();
      return;
    }
    const outbound = connect(targetPort, targetHost);
    for (const s of [inbound, outbound]) {
      hold(s);
      s.setNoDelay(true);
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer(pipe);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as AddressInfo).port);
      });
    });

  const stop = async () => {
    const s = server;
    server = undefined;
    const done = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
    for (const socket of sockets) socket.destroy();
    await done;
  };

  const port = await listen(0);
  return {
    port,
    get up() {
      return server !== undefined;
    },
    get accepted() {
      return accepted;
    },
    cut: async () => {
      frozen = false;
      await stop();
    },
    freeze() {
      frozen = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    async restore() {
      if (closed) throw new Error('the proxy is closed');
      if (server) return;
      // Rarely, the kernel hands the freed port to someone's outgoing connection meanwhile: retry briefly.
      for (let attempt = 1; ; attempt++) {
        try {
          await listen(port);
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== 'EADDRINUSE' || attempt >= 20) throw err;
          await sleep(100);
        }
      }
    },
    async close() {
      closed = true;
      frozen = false;
      await stop();
    },
    rewrite(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
  };
}
