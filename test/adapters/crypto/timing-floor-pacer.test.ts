import { describe, expect, it } from 'vitest';
import { Argon2PasswordHasher } from '../../../src/adapters/crypto/argon2-password-hasher.js';
import { TimingFloorPacer } from '../../../src/adapters/crypto/timing-floor-pacer.js';
import { VerifyCosts } from '../../../src/adapters/crypto/verify-costs.js';

describe('VerifyCosts', () => {
  it('is 0 before any sample, then the 75th percentile of the dearest settings', () => {
    const costs = new VerifyCosts();
    expect(costs.floorMs()).toBe(0);
    for (const ms of [10, 11, 12, 13, 100]) costs.record('cheap', ms);
    for (const ms of [40, 41, 42, 43, 44]) costs.record('dear', ms);
    expect(costs.floorMs()).toBe(43);
  });

  it('keeps only recent samples', () => {
    const costs = new VerifyCosts();
    for (let i = 0; i < 100; i++) costs.record('s', 1_000);
    for (let i = 0; i < 32; i++) costs.record('s', 5);
    expect(costs.floorMs()).toBe(5);
  });
});

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher({ memoryCost: 19_456, timeCost: 3, parallelism: 1 });

  it('times its verifications per settings, and needs a rehash exactly when the settings differ', async () => {
    const other = new Argon2PasswordHasher({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const mine = await hasher.hash('pw');
    const theirs = await other.hash('pw');
    await hasher.verify(theirs, 'pw');
    expect(hasher.costs.floorMs()).toBeGreaterThan(0);
    expect(hasher.needsRehash(mine)).toBe(false);
    expect(hasher.needsRehash(theirs)).toBe(true);
    expect(hasher.needsRehash('$test-sha256$abc$def')).toBe(true);
    expect(hasher.needsRehash('$argon2i$v=19$m=19456,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
  });
});

describe('TimingFloorPacer', () => {
  it('stretches a failure to the floor (plus its margin) since the start, and no further', async () => {
    const pacer = new TimingFloorPacer(() => 100, 1.1);
    const start = performance.now();
    await pacer.start().failed();
    expect(performance.now() - start).toBeGreaterThanOrEqual(105);
    expect(performance.now() - start).toBeLessThan(300);
  });

  it('does not wait for a failure that already took longer', async () => {
    const pacer = new TimingFloorPacer(() => 20);
    const attempt = pacer.start();
    await new Promise((done) => setTimeout(done, 60));
    const before = performance.now();
    await attempt.failed();
    expect(performance.now() - before).toBeLessThan(10);
  });
});
