import { describe, expect, it } from 'vitest';
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
