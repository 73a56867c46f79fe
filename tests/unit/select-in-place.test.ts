/** `selectInPlace`: the k-th smallest value, exactly what a sort would put at index k. */
import { describe, expect, it } from 'vitest';
import { selectInPlace } from '../../src/lib/select-in-place.ts';

describe('selectInPlace', () => {
  it('finds every order statistic of random values with repeats, and partitions around it', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const length of [1, 2, 3, 10, 101, 1000]) {
      const values = Array.from({ length }, () => Math.floor(random() * 50));
      const sorted = [...values].sort((a, b) => a - b);
      for (const k of new Set([0, length >> 1, length - 1, Math.floor(random() * length)])) {
        const array = Float64Array.from(values);
        expect(selectInPlace(array, k)).toBe(sorted[k]);
        expect(array.subarray(0, k).every((value) => value <= sorted[k])).toBe(true);
        expect(array.subarray(k + 1).every((value) => value >= sorted[k])).toBe(true);
      }
    }
  });
});
