/**
 * What the HTTP adapter reports about each request, for metrics. The adapter stays free of any
 * metrics library: the composition root passes an implementation (or none).
 */
export interface HttpObserver {
  /** One finished request: `route` is the router's path template, or {@link UNMATCHED_ROUTE}. */
  request(method: string, route: string, status: number, seconds: number): void;
  /** The outcome of one login (`success`, or the refusal's code in snake case, e.g. `bad_credentials`). */
  authOutcome(outcome: string): void;
  /** The outcome of one registration, named like {@link authOutcome}'s. */
  registrationOutcome(outcome: string): void;
}

/** The route label of a request no route matched, so random paths add no series. */
export const UNMATCHED_ROUTE = 'unmatched';
