/**
 * What a Redis-backed limiter does while Redis is unreachable: `memory` keeps limiting per
 * instance, `open` allows every request, `closed` refuses with `DomainError('UNAVAILABLE')`.
 */
export type StoreFailureMode = 'memory' | 'open' | 'closed';

/** The two pino methods the limiter needs, to log a Redis outage once. */
export interface RateLimitLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Per-call bookkeeping, travelling as rate-limiter-flexible's `options` argument. */
export type Call = {
  seq: number;
  fellBack: boolean;
};

/**
 * Where a Redis outage is noticed: tracks whether the limiter's store answers, from the outcome of
 * each call, and logs only the transitions (one warning when an outage starts, one line when it
 * ends), ignoring outcomes of calls sent before the last transition.
 */
export class StoreOutage {
  private calls = 0;
  private storeDown = false;
  private changedAt = 0;

  constructor(
    private readonly fields: { keyPrefix: string; onStoreFailure: StoreFailureMode | undefined },
    private readonly logger?: RateLimitLogger,
  ) {}

  /** True while the store is believed down. */
  get down(): boolean {
    return this.storeDown;
  }

  /** Bookkeeping for a new call. */
  begin(): Call {
    return { seq: ++this.calls, fellBack: false };
  }

  /** Records how `call` went: answered by the store (`up`), or not. */
  observe(call: Call, up: boolean, err?: unknown): void {
    if (call.seq < this.changedAt || up === !this.storeDown) return;
    this.storeDown = !up;
    this.changedAt = call.seq;
    if (!this.logger) return;
    if (up) this.logger.info(this.fields, 'rate limiter store is reachable again');
    else this.logger.warn(err === undefined ? this.fields : { ...this.fields, err }, 'rate limiter store is unavailable');
  }
}
