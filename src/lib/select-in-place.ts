/**
 * Order statistics without sorting: the k-th smallest of numbers in linear time on average
 * (quickselect). Used by the search engine (the score threshold of the shown results) and by
 * the insights (medians and percentiles).
 */

/**
 * Rearranges `values` so that `values[k]` is the value a sort would put there, everything
 * before it no greater and everything after it no smaller (quickselect, Hoare partitioning;
 * linear time on average); returns `values[k]`.
 */
export function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // Median of three as the pivot.
    const mid = lo + ((hi - lo) >> 1);
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}
