/** Small statistics over samples. */
export const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

/** The p-quantile (0..1) by nearest rank. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);
export const max = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The percentiles the report and chart use. */
export const PERCENTILES = [50, 75, 90, 97.5, 99] as const;

export function percentiles(xs: readonly number[]): Record<string, number> {
  return Object.fromEntries(PERCENTILES.map((p) => [`p${p}`, round(quantile(xs, p / 100), 1)]));
}
