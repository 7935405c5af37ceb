import { RateLimiterMemory, type IRateLimiterOptions } from './flexible.js';
import RawMemoryStorage from 'rate-limiter-flexible/lib/component/MemoryStorage/MemoryStorage.js';

/** Keys one in-memory limiter holds at most, by default: about 30 MB of counters at worst. */
export const DEFAULT_MEMORY_KEYS = 100_000;

interface StoredRecord {
  timeoutId?: NodeJS.Timeout;
  expiresAt: number | null;
}

interface MemoryStorageLike {
  _storage: Map<string, StoredRecord>;
  set(key: string, value: number, durationSec: number): unknown;
  get(key: string): unknown;
  delete(key: string): boolean;
}

/** setTimeout's longest delay (~24.8 days): a longer one fires at once, so such keys expire by their time stamp instead. */
const MAX_TIMER_SECONDS = Math.floor(0x7fffffff / 1000);

// rate-limiter-flexible keeps its store unexported; 11.4.0 is pinned, and the tests cover the bound.
// A static import, so a bundle holds the same copy of the library (and of its RateLimiterRes) as the limiters.
const MemoryStorage = RawMemoryStorage as new () => MemoryStorageLike;

/** rate-limiter-flexible's memory store, holding at most `maxKeys` keys: a new key evicts the one whose window opened first. */
class BoundedStorage extends MemoryStorage {
  constructor(private readonly maxKeys: number) {
    super();
  }

  override set(key: string, value: number, durationSec: number): unknown {
    if (!this._storage.has(key)) {
      while (this._storage.size >= this.maxKeys) this.delete(this._storage.keys().next().value!);
    }
    if (durationSec <= MAX_TIMER_SECONDS) return super.set(key, value, durationSec);
    const res = super.set(key, value, 0) as { msBeforeNext: number };
    this._storage.get(key)!.expiresAt = Date.now() + durationSec * 1000;
    res.msBeforeNext = durationSec * 1000;
    return res;
  }

  override get(key: string): unknown {
    const record = this._storage.get(key);
    if (record?.expiresAt != null && record.expiresAt <= Date.now()) this.delete(key); // outlived by its time stamp
    return super.get(key);
  }
}

/**
 * A `RateLimiterMemory` whose memory stays bounded under a flood of distinct keys (addresses, names):
 * past `maxKeys`, the oldest windows are forgotten first (those nearest their own expiry).
 */
export class BoundedRateLimiterMemory extends RateLimiterMemory {
  constructor(opts: IRateLimiterOptions, maxKeys = DEFAULT_MEMORY_KEYS) {
    super(opts);
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError(`maxKeys must be a positive integer, got ${maxKeys}`);
    (this as unknown as { _memoryStorage: MemoryStorageLike })._memoryStorage = new BoundedStorage(maxKeys);
  }

  /** Keys held now (for tests and metrics). */
  get size(): number {
    return (this as unknown as { _memoryStorage: MemoryStorageLike })._memoryStorage._storage.size;
  }
}
