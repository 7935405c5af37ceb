import { describe, expect, it } from 'vitest';
import { unlimited } from '../../../src/adapters/ratelimit/unlimited-rate-limiter.js';

describe('unlimited', () => {
  it('allows every request of every key, with no window to wait for', async () => {
    const limiter = unlimited();
    const decisions = await Promise.all(Array.from({ length: 1_000 }, (_, i) => limiter.consume(`k${i % 3}`)));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(decisions[999]).toEqual({ allowed: true, limit: Infinity, remaining: Infinity, resetMs: 0, windowSeconds: 0 });
  });
});
