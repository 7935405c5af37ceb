/**
 * Several real server processes (`node dist/src/main.cjs`) started together, and what a test reads
 * from them. Per-test databases, Redis prefixes and proxies are in scale-harness.ts.
 */
import { spawnServer, type SpawnedServer } from './server.js';
import { tempDir } from './temp-dir.js';
import { sleep, waitUntil } from './wait.js';

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
