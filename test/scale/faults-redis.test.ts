/**
 * Issue #4, scale-out faults: Redis goes away (a TCP proxy in front of it is cut) and comes back,
 * under each RATE_LIMIT_STORE_FAILURE mode.
 */
import { expect, it } from 'vitest';
import { logLines, tally, type Cluster } from '../support/cluster.js';
import { login, register } from '../support/http.js';
import { scaleHarness } from '../support/scale-harness.js';
import { describeWith } from '../support/services.js';
import { sleep, waitUntil } from '../support/wait.js';

interface Readiness {
  status: string;
  checks: Record<string, string>;
}

async function readiness(url: string): Promise<{ status: number; body: Readiness }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness };
}

/** Waits until every instance reports Redis as `state` in /readyz; resolves with how long that took (ms). */
function redisReported(cluster: Cluster, state: 'up' | 'down'): Promise<number> {
  return waitUntil(
    async () => {
      const all = await Promise.all(cluster.urls.map(readiness));
      return all.every((r) => r.body.checks.redis === state && r.status === (state === 'up' ? 200 : 503));
    },
    10_000,
    `Redis reported ${state} by every instance`,
  );
}

const OUTAGE = 'rate limiter store is unavailable';
const BACK = 'rate limiter store is reachable again';

describeWith(['postgres', 'redis'], 'scale-out faults: Redis unreachable', (services) => {
  const harness = scaleHarness(services);

  it('RATE_LIMIT_STORE_FAILURE=memory (default): keeps answering, limits per instance, warns once, /readyz 503; global again once Redis is back', async () => {
    const s = await harness.setup({ proxyRedis: true });
    const cluster = await s.cluster(3);
    const password = await register(cluster.at(0), 'outage_user');
    const authKey = `${s.redisPrefix}:rl:auth:127.0.0.1`;

    /**
     * `n` logins at once, round-robin. `atRefusals` runs as soon as `refusals` 429s are in: they are
     * answered before any hashing, so every request has been counted by then, while the successes may
     * still be waiting for their Argon2 turn (one per core) past the 1 s window.
     */
    const burst = async (n: number, atRefusals?: { refusals: number; run: () => Promise<void> }) => {
      let refused = 0;
      let pending: Promise<void> | undefined;
      const answers = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const { status } = await login(cluster.at(i), 'outage_user', password);
          if (status === 429 && ++refused === atRefusals?.refusals) pending = atRefusals.run();
          return { instance: i % 3, status };
        }),
      );
      await pending;
      return answers;
    };
    const perInstance = (answers: { instance: number; status: number }[]) =>
      [0, 1, 2].map((i) => tally(answers.filter((a) => a.instance === i).map((a) => a.status)));

    await s.redisProxy!.cut();
    const detectMs = await redisReported(cluster, 'down');
    for (const url of cluster.urls) {
      const r = await readiness(url);
      expect(r).toEqual({ status: 503, body: { status: 'not ready', checks: { startup: 'up', database: 'up', redis: 'down' } } });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    }

    // 11 logins per instance at once: each instance lets 10 through and refuses its 11th (30 successes in all, not 10)
    const first = await burst(33);
    expect(perInstance(first)).toEqual([
      { 200: 10, 429: 1 },
      { 200: 10, 429: 1 },
      { 200: 10, 429: 1 },
    ]);
    // ... and again in the next window; nothing reached Redis meanwhile
    await sleep(1100);
    const second = await burst(33);
    expect(perInstance(second)).toEqual([
      { 200: 10, 429: 1 },
      { 200: 10, 429: 1 },
      { 200: 10, 429: 1 },
    ]);
    expect(await s.redis.exists(authKey)).toBe(0);
    // 22 /auth requests per instance during the outage, one warning each
    for (const instance of cluster.instances) {
      expect(logLines(instance, OUTAGE)).toHaveLength(1); // nothing else says it either
      const warnings = logLines(instance, OUTAGE, 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 40, keyPrefix: `${s.redisPrefix}:rl:auth`, onStoreFailure: 'memory' });
    }

    await s.redisProxy!.restore();
    const recoveryMs = await redisReported(cluster, 'up');
    await sleep(1100); // past the outage's in-memory windows
    let counted: string | null = null;
    const after = await burst(30, { refusals: 20, run: async () => void (counted = await s.redis.get(authKey)) });
    expect(tally(after.map((a) => a.status))).toEqual({ 200: 10, 429: 20 });
    expect(counted).toBe('30'); // counted in Redis again, once for all instances
    for (const instance of cluster.instances) {
      expect(logLines(instance, OUTAGE, 'warn')).toHaveLength(1);
      expect(logLines(instance, BACK, 'info')).toHaveLength(1);
    }
    console.info(
      `Redis cut: every instance's /readyz said so after ${detectMs.toFixed(0)} ms; restored: /readyz 200 everywhere after ${recoveryMs.toFixed(0)} ms`,
    );
  });

  it('RATE_LIMIT_STORE_FAILURE=closed answers 503 problem+json while Redis is cut; =open lets everything through', async () => {
    const s = await harness.setup({ proxyRedis: true });
    const cluster = await s.cluster(
      2,
      { RATE_LIMIT_AUTH: '2' },
      { envFor: (i) => ({ RATE_LIMIT_STORE_FAILURE: i === 0 ? 'closed' : 'open' }) },
    );
    const [closed, open] = cluster.urls as [string, string];
    const password = await register(open, 'mode_user');

    await s.redisProxy!.cut();
    await redisReported(cluster, 'down');

    const refused = await Promise.all(Array.from({ length: 3 }, () => login(closed, 'mode_user', password)));
    for (const res of refused) {
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    }
    const allowed = await Promise.all(Array.from({ length: 5 }, () => login(open, 'mode_user', password)));
    expect(allowed.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]); // over the limit of 2, no limit applies
    // one warning per instance and outage; the 503s it answers add no error line each (their request lines say 503)
    expect(logLines(cluster.instances[0]!, OUTAGE, 'warn')).toHaveLength(1);
    expect(logLines(cluster.instances[0]!, OUTAGE, 'error')).toHaveLength(0);
    expect(logLines(cluster.instances[1]!, OUTAGE, 'warn')).toHaveLength(1);

    await s.redisProxy!.restore();
    await redisReported(cluster, 'up');
    await sleep(1100);
    expect((await login(closed, 'mode_user', password)).status).toBe(200);
    const limited = await Promise.all(Array.from({ length: 4 }, () => login(open, 'mode_user', password)));
    expect(tally(limited.map((r) => r.status))).toEqual({ 200: 1, 429: 3 }); // one global window of 2: the closed instance's login counted
  });
});
