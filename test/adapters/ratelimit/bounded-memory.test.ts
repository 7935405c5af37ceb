import { describe, expect, it, vi } from 'vitest';
import { BoundedRateLimiterMemory } from '../../../src/adapters/ratelimit/bounded-memory.js';

describe('BoundedRateLimiterMemory', () => {
  it('holds at most maxKeys keys under a flood of distinct ones, forgetting the oldest windows first', async () => {
    const limiter = new BoundedRateLimiterMemory({ points: 1, duration: 60 }, 1_000);
    for (let i = 0; i < 50_000; i++) await limiter.consume(`203.0.${i >> 8}.${i & 255}`).catch(() => undefined);
    expect(limiter.size).toBe(1_000);
    expect(await limiter.get('203.0.0.0')).toBeNull(); // the first, evicted
    expect((await limiter.get(`203.0.${49_999 >> 8}.${49_999 & 255}`))?.consumedPoints).toBe(1);
  });

  it('still limits the keys it holds', async () => {
    const limiter = new BoundedRateLimiterMemory({ points: 2, duration: 60 }, 10);
    await limiter.consume('a');
    await limiter.consume('a');
    await expect(limiter.consume('a')).rejects.toMatchObject({ remainingPoints: 0 });
  });

  it('frees the memory of expired keys', async () => {
    const limiter = new BoundedRateLimiterMemory({ points: 1, duration: 1 }, 10);
    await limiter.consume('a');
    await new Promise((done) => setTimeout(done, 1_100));
    expect(limiter.size).toBe(0);
  });
});

describe('BoundedRateLimiterMemory with windows longer than a timer can wait (~24.8 days)', () => {
  it('keeps a 30-day key for its 30 days, not the 1 ms an overflowing timer would give it', async () => {
    const limiter = new BoundedRateLimiterMemory({ points: 10, duration: 60 }, 10);
    await limiter.set('known', 1, 30 * 86_400);
    await new Promise((done) => setTimeout(done, 20));
    const res = await limiter.get('known');
    expect(res?.consumedPoints).toBe(1);
    expect(res!.msBeforeNext).toBeGreaterThan(29 * 86_400_000);
  });

  it('forgets such a key once its time stamp has passed', async () => {
    const limiter = new BoundedRateLimiterMemory({ points: 10, duration: 60 }, 10);
    await limiter.set('known', 1, 30 * 86_400);
    vi.setSystemTime(Date.now() + 31 * 86_400_000);
    try {
      expect(await limiter.get('known')).toBeNull();
      expect(limiter.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
