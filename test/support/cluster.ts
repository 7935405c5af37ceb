/**
 * Scale-out test support: several real server processes (`node dist/src/main.js`) sharing one
 * PostgreSQL database and one Redis, with per-test isolation and clean-up.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe } from 'vitest';
import { sleep } from './http.js';
import { createTempDatabase, postgresUrl, type TempDatabase } from './postgres.js';
import { spawnServer, tempDir, type SpawnedServer } from './server.js';
import { createTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** The Redis server tests may use (`TEST_REDIS_URL`, else `REDIS_URL`), or undefined to skip. */
export function redisUrl(): string | undefined {
  return process.env.TEST_REDIS_URL || process.env.REDIS_URL || undefined;
}

export interface ScaleServices {
  readonly databaseUrl: string;
  readonly redisUrl: string;
}

/** Both services, or undefined when either is not configured. */
export function scaleServices(): ScaleServices | undefined {
  const databaseUrl = postgresUrl();
  const redis = redisUrl();
  return databaseUrl && redis ? { databaseUrl, redisUrl: redis } : undefined;
}

/**
 * `describe` when PostgreSQL and Redis are configured; otherwise a visible warning and a skipped
 * suite of the same name.
 */
export function describeScale(name: string, body: (services: ScaleServices) => void): void {
  const services = scaleServices();
  if (services) {
    describe(name, () => body(services));
    return;
  }
  const missing = [postgresUrl() ? undefined : 'TEST_DATABASE_URL', redisUrl() ? undefined : 'TEST_REDIS_URL'].filter(Boolean);
  console.warn(`Scale-out tests skipped (${name}): set ${missing.join(' and ')}`);
  describe.skip(`${name} (set TEST_DATABASE_URL and TEST_REDIS_URL)`, () => {
    body({ databaseUrl: '', redisUrl: '' });
  });
}

/** Several server processes started together. */
export interface Cluster {
  readonly instances: readonly SpawnedServer[];
  readonly urls: readonly string[];
  /** Round robin: the URL of instance `i mod n`. */
  at(i: number): string;
  /** Kills every instance (SIGKILL) and removes their directories. Idempotent. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Extra environment for instance `i` only. */
  envFor?: (i: number) => Record<string, string>;
  /** Wait until every instance's /readyz answers 200 (default true). */
  waitReady?: boolean;
  /** Start instance `i` this many ms × i after the first (default 0: all at once), e.g. to spread their key-sync timers. */
  staggerMs?: number;
}

/**
 * Spawns `n` instances at once, each on its own ephemeral port with its own working directory, all
 * with `env` (which should name the shared DATABASE_URL, REDIS_URL and NOT_MY_KEY). Resolves once
 * every one listens (and, by default, is ready). If one fails to start, the others are killed.
 */
export async function startCluster(n: number, env: Record<string, string>, options: ClusterOptions = {}): Promise<Cluster> {
  const dirs = Array.from({ length: n }, () => tempDir('jwks-scale-'));
  const stagger = options.staggerMs ?? 0;
  const settled = await Promise.allSettled(
    dirs.map(async (d, i) => {
      if (stagger > 0) await sleep(stagger * i);
      return spawnServer(d.dir, { ...env, ...options.envFor?.(i) });
    }),
  );
  const instances = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(instances.map((s) => s.stop('SIGKILL')));
      for (const d of dirs) d.remove();
    })());
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const urls = instances.map((s) => s.url);
  const cluster: Cluster = { instances, urls, at: (i) => urls[i % n]!, stop };
  if (options.waitReady ?? true) {
    try {
      await Promise.all(urls.map((url) => waitUntil(async () => (await fetch(`${url}/readyz`)).status === 200, 30_000, `${url} ready`)));
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return cluster;
}

/**
 * Polls `check` every `intervalMs` until it returns true (errors count as false); resolves with the
 * milliseconds it took, rejects after `timeoutMs`.
 */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<number> {
  const t0 = performance.now();
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return performance.now() - t0;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() - t0 > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** The parsed pino lines of a spawned server's stdout whose `msg` is `msg` (and of that level, if given). */
export function logLines(server: SpawnedServer, msg: string, level?: keyof typeof LEVELS): Array<Record<string, unknown>> {
  return server.stdout.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return parsed.msg === msg && (level === undefined || parsed.level === LEVELS[level]) ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** Counts of each HTTP status in `statuses`, e.g. `{200: 10, 429: 20}`. */
export function tally(statuses: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

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
export function scaleHarness(services: ScaleServices): { setup(options?: { proxyDatabase?: boolean; proxyRedis?: boolean }): Promise<ScaleEnv> } {
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

/** Runs `fn` and resolves with its result and how long it took (ms). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}
