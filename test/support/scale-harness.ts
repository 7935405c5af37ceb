/**
 * Scale-out test support: per-test isolation (a database, a Redis key prefix, proxies) and clean-up
 * for clusters of real server processes sharing one PostgreSQL and one Redis.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach } from 'vitest';
import { startCluster, type Cluster, type ClusterOptions } from './cluster.js';
import { createTempDatabase, type TempDatabase } from './postgres.js';
import type { ServiceUrls } from './services.js';
import { createTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** The URLs of the PostgreSQL and Redis servers a scale test shares (see `describeWith` in services.ts). */
export type ScaleServices = ServiceUrls<'postgres' | 'redis'>;

/** What one scale test owns: its database, its Redis key prefix, proxies and clusters. */
export interface ScaleEnv {
  readonly db: TempDatabase;
  /** A small pool on the test database, for direct queries. */
  readonly sql: pg.Pool;
  /** The test's own `REDIS_KEY_PREFIX`. */
  readonly redisPrefix: string;
  /** A direct client on the real Redis (not through any proxy), for inspection. */
  readonly redis: Redis;
  /** The proxy in front of PostgreSQL, when asked for. */
  readonly dbProxy: TcpProxy | undefined;
  /** The proxy in front of Redis, when asked for. */
  readonly redisProxy: TcpProxy | undefined;
  /** DATABASE_URL, REDIS_URL (through the proxies when asked for), REDIS_KEY_PREFIX and a shared NOT_MY_KEY. */
  readonly env: Record<string, string>;
  /** Starts a cluster on {@link env} plus `extra`; it is killed after the test. */
  cluster(n: number, extra?: Record<string, string>, options?: ClusterOptions): Promise<Cluster>;
}

/**
 * Registers an `afterEach` that tears down everything {@link ScaleHarness.setup} made: processes
 * first, then proxies, the database (dropped) and the Redis keys under the test's prefix.
 */
export function scaleHarness(services: ScaleServices): {
  setup(options?: { proxyDatabase?: boolean; proxyRedis?: boolean }): Promise<ScaleEnv>;
} {
  let cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    const steps = cleanups.reverse();
    cleanups = [];
    const errors: unknown[] = [];
    for (const step of steps) await step().catch((err: unknown) => errors.push(err));
    if (errors.length > 0) throw new AggregateError(errors, 'scale test clean-up failed');
  }, 60_000);

  return {
    async setup(options = {}) {
      const db = await createTempDatabase(services.databaseUrl);
      cleanups.push(() => db.drop());
      const sql = new pg.Pool({ connectionString: db.url, max: 2 });
      sql.on('error', () => undefined); // an idle client dropped by DROP DATABASE ... WITH (FORCE)
      cleanups.push(() => sql.end());

      const redisPrefix = `jwks-test-${randomBytes(6).toString('hex')}`;
      const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: 2 });
      redis.on('error', () => undefined);
      cleanups.push(async () => {
        try {
          await deleteKeys(redis, `${redisPrefix}:*`);
        } finally {
          redis.disconnect();
        }
      });

      const proxyTo = async (url: string, defaultPort: number) => {
        const u = new URL(url);
        const proxy = await createTcpProxy(Number(u.port || defaultPort), u.hostname);
        cleanups.push(() => proxy.close());
        return proxy;
      };
      const dbProxy = options.proxyDatabase ? await proxyTo(db.url, 5432) : undefined;
      const redisProxy = options.proxyRedis ? await proxyTo(services.redisUrl, 6379) : undefined;

      const env = {
        DATABASE_URL: dbProxy ? dbProxy.rewrite(db.url) : db.url,
        REDIS_URL: redisProxy ? redisProxy.rewrite(services.redisUrl) : services.redisUrl,
        REDIS_KEY_PREFIX: redisPrefix,
        NOT_MY_KEY: randomBytes(32).toString('hex'), // the same master key for every instance
      };
      return {
        db,
        sql,
        redisPrefix,
        redis,
        dbProxy,
        redisProxy,
        env,
        async cluster(n, extra = {}, clusterOptions) {
          const cluster = await startCluster(n, { ...env, ...extra }, clusterOptions);
          cleanups.push(() => cluster.stop());
          return cluster;
        },
      };
    },
  };
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
