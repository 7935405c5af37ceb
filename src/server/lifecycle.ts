import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createHandler } from '../adapters/http/app.js';
import { RejectionSummary } from '../adapters/http/rejection-summary.js';
import type { MetricsListener } from '../adapters/metrics/metrics-listener.js';
import { IssueToken } from '../application/issue-token.js';
import { PublishJwks } from '../application/publish-jwks.js';
import { RegisterUser } from '../application/register-user.js';
import { RotateKeys } from '../application/rotate-keys.js';
import { compose, resolve, TOKENS, type Container } from './composition/index.js';
import { drain, listen } from './http-listener.js';
import type { Config } from './config.js';
import { startKeySync } from './key-sync.js';
import { listeningMessage, whereabouts } from './banner.js';
import { createLogger } from './logging.js';
import { metricsOnApiPort, metricsUrl, openMetricsListener } from './metrics.js';
import { packageVersion } from './package-version.js';
import { readiness } from './readiness.js';
import { startup } from './startup.js';

/** A started server. */
export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** A URL this process answers at (loopback when listening on every address). */
  readonly url: string;
  /** The base URL clients are told (PUBLIC_URL, else http://localhost:<port>). */
  readonly publicUrl: string;
  /** Where the metrics are scraped, when they are on. */
  readonly metricsUrl?: string;
  readonly container: Container;
  /** Settles when start-up work is done (rejects, e.g. on a wrong master key, if it failed). */
  readonly started: Promise<void>;
  /** Stops accepting, finishes in-flight requests, stops timers and closes the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Listens at once and runs the start-up work (master key, migrations, keys, bootstrap users) behind
 * it: requests that arrive meanwhile wait for it. Then re-syncs keys every `keySyncInterval` seconds.
 * `container` (from {@link compose}, or a child of it with adapters swapped) defaults to a new composition.
 */
export async function startServer(config: Config, options: { logger?: Logger; container?: Container } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  const c = options.container ?? compose(config, logger);
  const t0 = performance.now();
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let closing: Promise<void> | undefined;
  const { headersTimeoutMs, requestTimeoutMs, maxConnections } = config.http;
  // Node checks these deadlines only every connectionsCheckingInterval (30 s by default): check each second
  const limits = { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: 1_000 };
  const server = createServer(limits, (req, res) => {
    if (closing) res.shouldKeepAlive = false; // during shutdown: answer, then close the connection
    handle!(req, res);
  });
  if (maxConnections > 0) server.maxConnections = maxConnections;
  try {
    await listen(server, config);
  } catch (err) {
    await resolve(c, TOKENS.release)(); // e.g. the port is taken
    throw err;
  }
  // Bound first, so that with PORT=0 the public URL (and so the issuer) has the real port. No request
  // is read before the handler below is set: nothing here awaits until it is.
  const port = (server.address() as AddressInfo).port;
  const publicUrl = resolve(c, TOKENS.publicUrl);
  publicUrl.bind(port);
  const { serving, started, settled } = startup(c);
  started.catch(() => undefined); // observed by the caller; never an unhandled rejection here
  serving.catch(() => undefined); // rejects `started` too

  const db = resolve(c, TOKENS.db);
  const redis = resolve(c, TOKENS.redis);
  const metrics = resolve(c, TOKENS.metrics);
  const rejections = new RejectionSummary(logger);
  handle = createHandler({
    issueToken: resolve(c, IssueToken),
    registerUser: resolve(c, RegisterUser),
    publishJwks: resolve(c, PublishJwks),
    authLimiter: resolve(c, TOKENS.authLimiter),
    registerLimiter: resolve(c, TOKENS.registerLimiter),
    logger,
    rejections,
    serving,
    started,
    trustProxy: config.trustProxy,
    readiness: readiness({ started, settled, db, redis }),
    publicUrl: publicUrl.base,
    issuer: publicUrl.issuer,
    version: packageVersion(),
    ...(metrics ? { observer: metrics } : {}),
    ...(metrics && metricsOnApiPort(config) ? { metricsEndpoint: () => metrics.scrape() } : {}),
  });
  const release = async () => {
    await settled; // the expired key of a first start may still be on its way to the database
    await resolve(c, TOKENS.release)();
  };
  let metricsListener: MetricsListener | undefined;
  try {
    metricsListener = await openMetricsListener(config, metrics, logger);
  } catch (err) {
    await drain(server, 0);
    rejections.close();
    await release();
    throw err;
  }
  const where = whereabouts(config, publicUrl, metricsUrl(config, metricsListener, publicUrl.base));
  logger.info({ host: config.host, port, urls: where, rateLimitStore: redis ? 'redis' : 'memory' }, listeningMessage(where));

  let stopSync = () => {};
  // ready (as /readyz says) once all start-up work is done; requests are answered from `started`
  started.then(
    () =>
      settled.then(() => {
        if (closing) return;
        logger.info({ ms: Math.round(performance.now() - t0) }, 'ready');
        stopSync = startKeySync(resolve(c, RotateKeys), logger, config.keySyncInterval);
      }),
    () => undefined,
  );

  const close = () =>
    (closing ??= (async () => {
      stopSync();
      await Promise.all([drain(server, config.shutdownTimeoutMs), metricsListener?.close()]);
      rejections.close();
      await release();
      logger.info('stopped');
    })());

  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    publicUrl: publicUrl.base,
    ...(where.metrics ? { metricsUrl: where.metrics } : {}),
    container: c,
    started,
    close,
  };
}
