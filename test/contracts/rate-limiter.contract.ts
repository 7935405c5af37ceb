import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/domain/ports/rate-limiter.js';
import { sleep } from '../support/wait.js';

/** A limiter with its own, empty key space, and how to dispose of it. */
export interface RateLimiterHarness {
  readonly limiter: RateLimiter;
  close(): Promise<void>;
}

/**
 * The behaviour every {@link RateLimiter} must have. `make` gives a fresh limiter per test, with a key
 * prefix no other test or run uses. Real time throughout: stores such as Redis keep their own clock.
 */
export function rateLimiterContract(
  name: string,
  make: (opts: { points: number; durationSeconds: number }) => Promise<RateLimiterHarness>,
): void {
  describe(`RateLimiter contract: ${name}`, () => {
    let harness: RateLimiterHarness | undefined;
    const limiter = async (points: number, durationSeconds = 1) => {
      harness = await make({ points, durationSeconds });
      return harness.limiter;
    };
    const key = () => `client-${randomUUID()}`;
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    it('allows the first `points` requests, counting down what remains', async () => {
      const rl = await limiter(5, 10);
      const k = key();
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push(await rl.consume(k));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true]);
      expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
      expect(decisions.every((d) => d.limit === 5)).toBe(true);
      expect(decisions.every((d) => d.windowSeconds === 10)).toBe(true);
    });

    it('refuses the next one, resolving (never throwing) with the time to the reset', async () => {
      const rl = await limiter(3, 10);
      const k = key();
      for (let i = 0; i < 3; i++) await rl.consume(k);
      const refused = await rl.consume(k);
      expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, windowSeconds: 10 });
      expect(refused.resetMs).toBeGreaterThan(0);
      expect(refused.resetMs).toBeLessThanOrEqual(10_000);
    });

    it('keeps keys independent', async () => {
      const rl = await limiter(2, 10);
      const [a, b] = [key(), key()];
      await rl.consume(a);
      await rl.consume(a);
      expect((await rl.consume(a)).allowed).toBe(false);
      expect(await rl.consume(b)).toMatchObject({ allowed: true, remaining: 1 });
    });

    it('allows the key again once its window has passed', async () => {
      const rl = await limiter(2, 1);
      const k = key();
      await rl.consume(k);
      await rl.consume(k);
      const refused = await rl.consume(k);
      expect(refused.allowed).toBe(false);
      expect(refused.windowSeconds).toBe(1);
      expect(refused.resetMs).toBeLessThanOrEqual(1_000);
      await sleep(1_100);
      expect(await rl.consume(k)).toMatchObject({ allowed: true, remaining: 1 });
    });

    it("opens the window with the key's first request: 10 on a 100 ms ticker pass, an 11th right after does not", async () => {
      const rl = await limiter(10, 1);
      const k = key();
      // The course client's quiet second, stretched so the burst starts mid-second: a window aligned to
      // clock seconds would then always reset during it.
      await sleep(1_000 + ((1_500 - (Date.now() % 1_000)) % 1_000));
      const start = performance.now();
      const allowed = [];
      for (let i = 0; i < 10; i++) {
        await sleep(start + i * 100 - performance.now()); // a ticker, so drift does not accumulate
        allowed.push((await rl.consume(k)).allowed);
      }
      const eleventh = await rl.consume(k);
      expect(performance.now() - start).toBeLessThan(1_000); // else this run proves nothing
      expect(allowed).toEqual(Array(10).fill(true));
      expect(eleventh.allowed).toBe(false);
    });

    it('allows exactly `points` of many concurrent requests', async () => {
      const rl = await limiter(10, 10);
      const k = key();
      const decisions = await Promise.all(Array.from({ length: 30 }, () => rl.consume(k)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0)).toBe(true);
    });
  });
}
