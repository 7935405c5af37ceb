import { Gauge, type Registry } from 'prom-client';

export interface RateLimitStoreState {
  /** Where the counters live. */
  readonly store: 'memory' | 'redis';
  /** What the limiters do while a Redis store is down (`RATE_LIMIT_STORE_FAILURE`); none for memory. */
  readonly failureMode?: 'memory' | 'open' | 'closed';
  /** True while the store answers (memory always does); read when scraped. */
  up(): boolean;
}

/** The rate-limit store's state: which store and failure mode (an info gauge), and whether it answers. */
export function registerRateLimitGauges(registry: Registry, state: RateLimitStoreState): void {
  const registers = [registry];
  const info = new Gauge({
    name: 'jwks_rate_limit_store_info',
    help: 'The rate-limit store (memory or redis) and what the limiters do while it is down; always 1.',
    labelNames: ['store', 'failure_mode'],
    registers,
  });
  info.set({ store: state.store, failure_mode: state.failureMode ?? 'none' }, 1);
  new Gauge({
    name: 'jwks_rate_limit_store_up',
    help: 'Whether the rate-limit store answers (1) or the limiters run on their failure mode (0).',
    registers,
    collect() {
      this.set(state.up() ? 1 : 0);
    },
  });
}
