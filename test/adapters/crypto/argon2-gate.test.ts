import { describe, expect, it } from 'vitest';
import { ARGON2_GATE, Argon2PasswordHasher, OWASP_ARGON2ID } from '../../../src/adapters/crypto/argon2-password-hasher.js';
import { Semaphore } from '../../../src/adapters/crypto/semaphore.js';

/** A task that runs until released, recording how many ran at once. */
function probe(gate: Semaphore) {
  let peak = 0;
  const releases: (() => void)[] = [];
  const started: number[] = [];
  const task = (id: number) =>
    gate.run(async () => {
      started.push(id);
      peak = Math.max(peak, gate.active);
      await new Promise<void>((resolve) => releases.push(resolve));
      return id;
    });
  return { task, releases, started, peak: () => peak };
}

/** Records the most tasks it ever saw running, at the start of each. */
class WatchedSemaphore extends Semaphore {
  peak = 0;
  override run<T>(task: () => Promise<T>): Promise<T> {
    return super.run(() => {
      this.peak = Math.max(this.peak, this.active);
      return task();
    });
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once and starts the others in call order as slots free', async () => {
    const gate = new Semaphore(2);
    const p = probe(gate);
    const results = [1, 2, 3, 4, 5].map(p.task);
    await tick();
    expect(p.started).toEqual([1, 2]);
    expect(gate.waiting).toBe(3);

    p.releases.shift()!();
    await tick();
    expect(p.started).toEqual([1, 2, 3]);
    while (p.releases.length > 0) {
      p.releases.shift()!();
      await tick();
    }
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5]);
    expect(p.peak()).toBe(2);
    expect(p.started).toEqual([1, 2, 3, 4, 5]);
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it('frees the slot of a task that fails, and passes its error on', async () => {
    const gate = new Semaphore(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
    expect(gate.active).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %s', (limit) => {
    expect(() => new Semaphore(limit)).toThrow(RangeError);
  });
});

describe('Argon2PasswordHasher concurrency', () => {
  it('shares one gate per process, sized to the cores, by default', () => {
    expect(ARGON2_GATE.limit).toBeGreaterThanOrEqual(1);
    expect(ARGON2_GATE.limit).toBeLessThanOrEqual(1024);
  });

  it('never runs more hashes or verifications at once than its gate allows, and each still answers right', async () => {
    const gate = new WatchedSemaphore(2);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { gate });
    const hashes = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((pw) => hasher.hash(pw)));
    const checks = await Promise.all(hashes.flatMap((hash, i) => [hasher.verify(hash, 'abcdef'[i]!), hasher.verify(hash, 'wrong')]));

    expect(gate.peak).toBe(2);
    expect(checks).toEqual(hashes.flatMap(() => [true, false]));
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it('releases its slot when a stored hash is unreadable', async () => {
    const gate = new Semaphore(1);
    const hasher = new Argon2PasswordHasher(OWASP_ARGON2ID, { gate });
    expect(await hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$broken', 'pw')).toBe(false);
    expect(gate.active).toBe(0);
  });
});
