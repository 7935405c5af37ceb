import type { Clock } from '../domain/ports/clock.js';
import { toUnixSeconds } from '../domain/time.js';
import type { KeyRing } from '../domain/key-ring.js';
import type { KeyRingHolder } from './key-ring-holder.js';

export interface PublishJwksDeps {
  keys: KeyRingHolder;
  clock: Clock;
  /** Upper bound of the advertised cache lifetime, seconds. */
  maxAge: number;
}

export interface JwksDocument {
  /** The serialised `{"keys":[...]}`. */
  readonly body: string;
  /** A version of the set: equal for equal key sets, on every instance (an HTTP adapter's strong ETag). */
  readonly version: string;
  /** Seconds a client may cache it: never past the next change of the key set. */
  readonly maxAge: number;
}

/**
 * The JSON Web Key Set of every unexpired public key (and no expired one). The body is built once
 * per change of the published set, not per request.
 */
export class PublishJwks {
  private cached: { kids: string; body: string; version: string } | undefined;
  /** The last answer, for the ring and the second it was made for: the JWKS is polled many times a second. */
  private last: { ring: KeyRing; now: number; document: JwksDocument } | undefined;

  constructor(private readonly deps: PublishJwksDeps) {}

  /** The set as {@link execute} gives it, once the keys are loaded: a first start may still be generating them. */
  async executeWhenLoaded(): Promise<JwksDocument> {
    if (!this.deps.keys.peek()) await this.deps.keys.loaded();
    return this.execute();
  }

  /** The set now. Throws `NO_SIGNING_KEY` before the keys are loaded. */
  execute(): JwksDocument {
    const now = toUnixSeconds(this.deps.clock.now());
    const ring = this.deps.keys.ring();
    if (this.last?.ring === ring && this.last.now === now) return this.last.document;
    const published = ring.publicJwks(now);
    const kids = published.map((k) => k.kid).join('.');
    if (this.cached?.kids !== kids) {
      const body = JSON.stringify({ keys: published });
      // kids alone could repeat after a database reset; the body's hash cannot (with any likelihood)
      this.cached = { kids, body, version: `jwks-${kids}-${fnv1a(body)}` };
    }
    const document = {
      body: this.cached.body,
      version: this.cached.version,
      maxAge: Math.min(this.deps.maxAge, ring.secondsUntilChange(now)),
    };
    this.last = { ring, now, document };
    return document;
  }
}

/** 32-bit FNV-1a of a string, hex: a cheap content fingerprint (not a security hash). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
