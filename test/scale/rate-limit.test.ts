/**
 * Issue #4, scale-out: with REDIS_URL the POST /auth limit is global, counted once in Redis for every
 * instance, not per instance.
 */
import { expect, it } from 'vitest';
import { tally } from '../support/cluster.js';
import { login, register } from '../support/http.js';
import { scaleHarness } from '../support/scale-harness.js';
import { describeWith } from '../support/services.js';

describeWith(['postgres', 'redis'], 'scale-out: the rate limit is global across instances (Redis)', (services) => {
  const harness = scaleHarness(services);

  /**
   * `n` logins sent at once, round-robin over the cluster. `onRefusals` runs as soon as `refusals`
   * 429s are in (they are answered before any hashing, so by then every request has been counted).
   */
  async function burst(
    urls: readonly string[],
    n: number,
    username: string,
    password: string,
    refusals: number,
    onRefusals: () => Promise<void>,
  ) {
    const t0 = performance.now();
    let refused = 0;
    let last429 = 0;
    let atRefusals: Promise<void> | undefined;
    const statuses = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const { status } = await login(urls[i % urls.length]!, username, password);
        if (status === 429) {
          last429 = performance.now() - t0;
          if (++refused === refusals) atRefusals = onRefusals();
        }
        return status;
      }),
    );
    await atRefusals;
    return { statuses, ms: performance.now() - t0, last429 };
  }

  for (const [limit, label] of [
    [10, 'the default RATE_LIMIT_AUTH (10 per second)'],
    [3, 'RATE_LIMIT_AUTH=3'],
  ] as const) {
    it(`30 logins from one client, round-robin over three instances within a second, pass ${limit} times in all under ${label}`, async () => {
      const s = await harness.setup();
      const cluster = await s.cluster(3, limit === 10 ? {} : { RATE_LIMIT_AUTH: String(limit) });
      const password = await register(cluster.at(0), 'limited_user');

      // counted in Redis, under this test's prefix: one counter for all three instances (read while its 1 s window lasts)
      let counter: { value: string | null; afterMs: number } | undefined;
      const sent = performance.now();
      const { statuses, ms, last429 } = await burst(cluster.urls, 30, 'limited_user', password, 30 - limit, async () => {
        const afterMs = performance.now() - sent;
        counter = { value: await s.redis.get(`${s.redisPrefix}:rl:auth:127.0.0.1`), afterMs };
      });
      expect(tally(statuses), `last 429 answered ${last429.toFixed(0)} ms after the burst was sent`).toEqual({
        200: limit,
        429: 30 - limit,
      });
      // 30 − limit refusals mean 30 requests counted; read within the window, the counter says so
      // (on a machine too loaded to read it within the window, it may already have expired)
      expect(counter).toBeDefined();
      if (counter!.afterMs < 900) expect(counter!.value).toBe('30');
      const logged = await s.sql.query<{ n: string }>('SELECT count(*) AS n FROM auth_logs');
      expect(Number(logged.rows[0]?.n)).toBe(limit);
      console.info(
        `global limit ${limit}/s: 30 logins over 3 instances all answered in ${ms.toFixed(0)} ms (the last 429 after ${last429.toFixed(0)} ms): ${JSON.stringify(tally(statuses))}`,
      );
    });
  }
});
