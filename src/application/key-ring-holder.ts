import { DomainError } from '../domain/errors.js';
import type { KeyRing } from '../domain/key-ring.js';

/**
 * Holds the current key ring, shared by the use-cases: keys are decrypted once when loaded, never
 * per request. {@link RotateKeys} replaces the ring; {@link IssueToken} and {@link PublishJwks} read it.
 */
export class KeyRingHolder {
  private current: KeyRing | undefined;

  /** The current ring. Throws `NO_SIGNING_KEY` before the first load. */
  ring(): KeyRing {
    if (this.current === undefined) throw new DomainError('NO_SIGNING_KEY', 'signing keys are not loaded yet');
    return this.current;
  }

  /** The current ring, or undefined before the first load. */
  peek(): KeyRing | undefined {
    return this.current;
  }

  replace(ring: KeyRing): void {
    this.current = ring;
  }
}
