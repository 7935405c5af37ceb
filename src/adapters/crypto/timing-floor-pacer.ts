import type { FailurePacer, PacedAttempt } from '../../domain/ports/failure-pacer.js';

/**
 * A {@link FailurePacer} that stretches every failed login to `floorMs()` since it started, with
 * `margin` added (so that most failures, whatever their hash, end at the same time rather than a
 * little later). Successes are never delayed.
 */
export class TimingFloorPacer implements FailurePacer {
  constructor(
    private readonly floorMs: () => number,
    private readonly margin = 1.1,
  ) {}

  start(): PacedAttempt {
    const start = performance.now();
    return {
      failed: () => {
        const wait = start + this.floorMs() * this.margin - performance.now();
        return wait > 0 ? new Promise((done) => setTimeout(done, wait)) : Promise.resolve();
      },
    };
  }
}

/** A pacer that never waits (for tests whose hasher costs nothing). */
export const NO_PACING: FailurePacer = { start: () => ({ failed: () => Promise.resolve() }) };
