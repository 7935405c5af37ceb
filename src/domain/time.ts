/** Unix seconds of a Date, rounded down. */
export function toUnixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** A Date with the sub-second part dropped (what the database keeps). */
export function truncateToSecond(date: Date): Date {
  return new Date(toUnixSeconds(date) * 1000);
}
