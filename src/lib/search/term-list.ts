/**
 * An index's sorted terms as one string and the offsets where each starts: looked up by
 * binary search without making a string per term.
 *
 * A list of 100,000 separate strings, made on the request thread each time a new index is
 * swapped in, was garbage the collector had to deal with in one pause; this is one string
 * and one typed array, made where the index is built and moved between threads as they are.
 *
 * Rules that always hold:
 * - the terms are sorted in code-unit order (`Array.prototype.sort()` order) and unique;
 * - term n is `text.slice(starts[n], starts[n + 1])`; `starts` has one entry more than there
 *   are terms;
 * - lookups compare code units in place and allocate nothing; only the terms returned by
 *   `at` and `withPrefix` become strings.
 */

/** The parts of a term list (transferable: the text crosses threads as one string). */
export interface TermListParts {
  text: string;
  starts: Int32Array;
}

/** The list's parts from terms sorted in code-unit order. */
export function termListParts(sortedTerms: readonly string[]): TermListParts {
  const starts = new Int32Array(sortedTerms.length + 1);
  let offset = 0;
  sortedTerms.forEach((term, n) => {
    starts[n] = offset;
    offset += term.length;
  });
  starts[sortedTerms.length] = offset;
  return { text: sortedTerms.join(''), starts };
}

export class TermList {
  private readonly text: string;
  private readonly starts: Int32Array;

  constructor(parts: TermListParts) {
    this.text = parts.text;
    this.starts = parts.starts;
  }

  /** Made from terms sorted in code-unit order. */
  static fromSorted(sortedTerms: readonly string[]): TermList {
    return new TermList(termListParts(sortedTerms));
  }

  get length(): number {
    return this.starts.length - 1;
  }

  /** Term number n. */
  at(n: number): string {
    return this.text.slice(this.starts[n], this.starts[n + 1]);
  }

  /** Every term, in order (a new array). */
  toArray(): string[] {
    return Array.from({ length: this.length }, (_, n) => this.at(n));
  }

  /** Compares term n with a word in code-unit order; with `prefixOnly`, a term that starts with the word counts as equal. */
  private compare(n: number, word: string, prefixOnly = false): number {
    const start = this.starts[n];
    const length = this.starts[n + 1] - start;
    const shorter = Math.min(length, word.length);
    for (let i = 0; i < shorter; i++) {
      const difference = this.text.charCodeAt(start + i) - word.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    if (prefixOnly && length >= word.length) return 0;
    return length - word.length;
  }

  /** The term's number, or -1. */
  indexOf(word: string): number {
    let low = 0;
    let high = this.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = this.compare(mid, word);
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** Up to `max` terms that start with the prefix, in order. */
  withPrefix(prefix: string, max: number): string[] {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(mid, prefix) < 0) low = mid + 1;
      else high = mid;
    }
    const found: string[] = [];
    for (let n = low; n < this.length && found.length < max && this.compare(n, prefix, true) === 0; n++) found.push(this.at(n));
    return found;
  }
}
