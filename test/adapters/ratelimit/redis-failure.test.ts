import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisRateLimiter, type StoreFailureMode } from '../../../src/adapters/ratelimit/flexible-rate-limiter.js';
import { createRedisClient, redisReady } from '../../../src/adapters/ratelimit/redis-client.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { describeWith } from '../../support/services.js';
import { createTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { waitUntil } from '../../support/wait.js';

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: 'warn' | 'info'; obj: object; msg: string }[] = [];
  return {
    lines,
    count: (level: 'warn' | 'info') => lines.filter((l) => l.level === level).length,
    warn: (obj: object, msg: string) => void lines.push({ level: 'warn', obj, msg }),
    info: (obj: object, msg: string) => void lines.push({ level: 'info', obj, msg }),
  };
}

describe('Redis rate limiter while Redis is unreachable', () => {
  let client: Redis | undefined;
  afterEach(() => client?.disconnect());

  const downLimiter = (onStoreFailure: StoreFailureMode) => {
    client = createRedisClient('redis://127.0.0.1:1'); // nothing listens there
    const logger = recordingLogger();
    const limiter = redisRateLimiter({ client, points: 10, durationSeconds: 1, keyPrefix: 'down', onStoreFailure, logger });
    return { limiter, logger };
  };

  it("'memory' keeps limiting in this process, and warns once", async () => {
    const { limiter, logger } = downLimiter('memory');
    const decisions = [];
    for (let i = 0; i < 11; i++) decisions.push(await limiter.consume('k'));
    expect(decisions.slice(0, 10).every((d) => d.allowed)).toBe(true);
    expect(decisions[10]).toMatchObject({ allowed: false, remaining: 0 });
    expect((await limiter.consume('other')).allowed).toBe(true);
    expect(logger.lines).toEqual([
      { level: 'warn', obj: expect.objectContaining({ keyPrefix: 'down' }), msg: 'rate limiter store is unavailable' },
    ]);
  });

  it("'open' allows everything, and warns once", async () => {
    const { limiter, logger } = downLimiter('open');
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.consume('k')));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(decisions.every((d) => d.windowSeconds === 1)).toBe(true);
    expect(logger.count('warn')).toBe(1);
    expect(logger.lines[0]?.obj).toMatchObject({ err: expect.any(Error) });
  });

  it("'closed' refuses with DomainError UNAVAILABLE, and warns once", async () => {
    const { limiter, logger } = downLimiter('closed');
    for (let i = 0; i < 20; i++) {
      const err = await limiter.consume('k').catch((e: unknown) => e);
      expect(isDomainError(err, 'UNAVAILABLE')).toBe(true);
    }
    expect(logger.count('warn')).toBe(1);
    expect(logger.count('info')).toBe(0);
  });
});

describeWith(['redis'], 'Redis rate limiter when Redis comes back', ({ redisUrl: url }) => {
  const run = `rl-test:${randomUUID()}`;
  let proxy: TcpProxy | undefined;
  let client: Redis | undefined;
  let direct: Redis | undefined;
  afterEach(async () => {
    client?.disconnect();
    await proxy?.close();
    if (direct) {
      const keys = await direct.keys(`${run}:*`);
      if (keys.length > 0) await direct.del(...keys);
      await direct.quit();
    }
  });

  it('limits against Redis again, and says so once', async () => {
    const real = new URL(url);
    direct = createRedisClient(url);
    proxy = await createTcpProxy(Number(real.port || 6379), real.hostname);
    client = createRedisClient(proxy.rewrite(url));
    expect(await redisReady(client, 5_000)).toBe(true);
    expect(await redisReady(direct, 5_000)).toBe(true);

    const logger = recordingLogger();
    const limiter = redisRateLimiter({ client, points: 3, durationSeconds: 10, keyPrefix: run, onStoreFailure: 'memory', logger });
    expect((await limiter.consume('before')).allowed).toBe(true);
    expect(logger.lines).toEqual([]);

    await proxy.cut();
    await waitUntil(() => client!.status !== 'ready', 1_000, 'the client to see the cut');
    const during = [];
    for (let i = 0; i < 5; i++) during.push((await limiter.consume('during')).allowed);
    expect(during).toEqual([true, true, true, false, false]); // the memory insurance
    expect(logger.lines.map((l) => l.level)).toEqual(['warn']);
    expect(await direct.exists(`${run}:during`)).toBe(0);

    await proxy.restore();
    expect(await redisReady(client, 5_000)).toBe(true);
    const after = [];
    for (let i = 0; i < 5; i++) after.push((await limiter.consume('after')).allowed);
    expect(after).toEqual([true, true, true, false, false]);
    expect(await direct.get(`${run}:after`)).toBe('5'); // counted in Redis, not in memory
    expect(logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'rate limiter store is unavailable'],
      ['info', 'rate limiter store is reachable again'],
    ]);
  });
});
