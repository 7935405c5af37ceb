import { DomainError } from '../domain/errors.js';
import type { KeyRing } from '../domain/key-ring.js';

/**
 * Holds the current key ring, shared by the use-cases: keys are decrypted once when loaded, never
 * per request. {@link RotateKeys} replaces the ring; {@link IssueToken} and {@link PublishJwks} read it.
 */
export class KeyRingHolder {
  private current: KeyRing | undefined;
  private pending = new Set<Promise<unknown>>();

  /** The current ring. Throws `NO_SIGNING_KEY` before the first load. */
  ring(): KeyRing {
    if (this.current === undefined) throw new DomainError('NO_SIGNING_KEY', 'signing keys are not loaded yet');
    return this.current;
  }

  /** The current ring, or undefined before the first load. */
  peek(): KeyRing | undefined {
    return this.current;
  }

  /**
   * The current ring; before the first load, as soon as a rotation under way loads one (a first start
   * may still be generating its signing key). Throws `NO_SIGNING_KEY` if they all end without one.
   */
  async loaded(): Promise<KeyRing> {
    while (this.current === undefined && this.pending.size > 0) await Promise.race(this.pending);
    return this.ring();
  }

  replace(ring: KeyRing): void {
    this.current = ring;
  }

  /** Marks `work` (a rotation, or the part of one still storing keys) as under way until it settles, for {@link settled}. */
  track(work: Promise<unknown>): void {
    const tracked: Promise<void> = work.then(
      () => void this.pending.delete(tracked),
      () => void this.pending.delete(tracked),
    );
    this.pending.add(tracked);
  }

  /** Resolves once every rotation under way has settled (at once when none is): then the ring holds what they stored. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
