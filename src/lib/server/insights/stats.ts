/** Small statistics for the insights figures, defined exactly so that tests can check them. */

/** The median of values sorted ascending: the middle value, or the mean of the two middle ones; null for none. */
export function medianOfSorted(sorted: ArrayLike<number>): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile of values sorted ascending, by nearest rank: the smallest value with at least p % of the values at or below it; null for none. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

/** The median of any values (see medianOfSorted). */
export function median(values: readonly number[]): number | null {
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/** The p-th percentile of any values by nearest rank (see percentileOfSorted). */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted([...values].sort((a, b) => a - b), p);
}

/** `part / whole`, or null when `whole` is 0 (a share of nothing is not 0 %). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
