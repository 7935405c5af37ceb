/** The outcome of one request against a limit. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
  /** The limiter's window: `limit` requests per this many seconds; 0 when nothing is limited. */
  readonly windowSeconds: number;
}

/**
 * A per-key request limit over a window that starts with the key's first request.
 * Throws `DomainError('UNAVAILABLE')` only when its store is down and it is set to fail closed.
 */
export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}
