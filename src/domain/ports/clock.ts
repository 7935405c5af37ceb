/** The source of time. Inject a fixed one in tests. */
export interface Clock {
  now(): Date;
}
