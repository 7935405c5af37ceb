import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { registerKeyRingGauges } from '../adapters/metrics/key-ring-gauges.js';
import { PrometheusMetrics } from '../adapters/metrics/prometheus-metrics.js';
import { registerRateLimitGauges } from '../adapters/metrics/rate-limit-gauges.js';
import { listenForMetrics, type MetricsListener } from '../adapters/metrics/metrics-listener.js';
import { TimedPasswordHasher } from '../adapters/metrics/timed-password-hasher.js';
import type { KeyRingHolder } from '../application/key-ring-holder.js';
import type { KeyPolicy } from '../domain/key-policy.js';
import type { Clock, PasswordHasher, RateLimiter } from '../domain/ports/index.js';
import { isStoreAware } from '../adapters/ratelimit/flexible-rate-limiter.js';
import type { Config } from './config.js';

/** What the gauges read when scraped. */
export interface MetricSources {
  readonly config: Pick<Config, 'rateLimitStoreFailure'>;
  readonly ring: KeyRingHolder;
  readonly policy: KeyPolicy;
  readonly clock: Clock;
  readonly redis: Redis | undefined;
  readonly limiters: readonly RateLimiter[];
}

/**
 * The server's metrics: request, login, registration and hashing measurements (fed by the HTTP adapter
 * and the hasher decorator), and gauges read at scrape time from the key ring and the rate-limit store.
 */
export function serverMetrics(sources: MetricSources): PrometheusMetrics {
  const { config, ring, redis, limiters } = sources;
  const metrics = new PrometheusMetrics();
  registerKeyRingGauges(metrics.registry, { ring: () => ring.peek(), policy: sources.policy, clock: sources.clock });
  registerRateLimitGauges(metrics.registry, {
    store: redis ? 'redis' : 'memory',
    ...(redis ? { failureMode: config.rateLimitStoreFailure } : {}),
    // Redis is up when connected and no limiter has seen its last call fail
    up: () => !redis || (redis.status === 'ready' && limiters.every((l) => !isStoreAware(l) || l.storeAvailable)),
  });
  return metrics;
}

/** The hasher the use-cases get: timed into the metrics when there are any. */
export function observedHasher(hasher: PasswordHasher, metrics: PrometheusMetrics | undefined): PasswordHasher {
  return metrics ? new TimedPasswordHasher(hasher, metrics.hashDuration) : hasher;
}

/** Whether the operator asked for metrics on the API listener itself (METRICS_PORT equal to PORT). */
export function metricsOnApiPort(config: Config): boolean {
  return config.metrics !== undefined && config.metrics.explicit && config.port !== 0 && config.metrics.port === config.port;
}

/**
 * Opens the metrics listener, unless metrics are off or on the API port. A port the operator chose must
 * bind (the error propagates); the default one may be taken (a second instance on this machine): then
 * a warning, and no metrics.
 */
export async function openMetricsListener(
  config: Config,
  metrics: PrometheusMetrics | undefined,
  logger: Logger,
): Promise<MetricsListener | undefined> {
  if (!config.metrics || !metrics || metricsOnApiPort(config)) return undefined;
  try {
    return await listenForMetrics(() => metrics.scrape(), config.metrics.port, config.metrics.host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (config.metrics.explicit) {
      const where = `${config.metrics.host}:${config.metrics.port}`;
      throw new Error(`METRICS_PORT: cannot listen on ${where} (${code ?? (err as Error).message})`, { cause: err });
    }
    logger.warn(
      { port: config.metrics.port, host: config.metrics.host, code },
      'metrics are off: their default port is not available (set METRICS_PORT)',
    );
    return undefined;
  }
}

/** The URL of the metrics, for the start-up line. */
export function metricsUrl(config: Config, listener: MetricsListener | undefined, publicBase: string): string | undefined {
  if (metricsOnApiPort(config)) return `${publicBase}/metrics`;
  if (!listener || !config.metrics) return undefined;
  const host = config.metrics.host.includes(':') ? `[${config.metrics.host}]` : config.metrics.host;
  return `http://${host}:${listener.port}/metrics`;
}
