/**
 * Fast scoring over a Lunr index.
 *
 * Lunr computes BM25 weights per term, field and document when it builds an index (with the
 * field boosts and document boosts applied) and keeps them in its field vectors.
 * `Index.query` then builds match metadata for every matching field of every document, which
 * costs tens of milliseconds for common words in a large knowledge base. Ranking only needs
 * the weights, so this module inverts the field vectors once into flat per-term posting
 * arrays (one weight per document: the sum over its fields) and adds them up.
 */
import { internalsOf } from './lunr.ts';
import { buildTermTrie, fuzzyMatch, type TermTrie } from './term-trie.ts';
import { TermList } from './term-list.ts';

interface Postings {
  /** Document numbers, ascending. */
  docs: Int32Array;
  /** The term's weight in each document, summed over the fields. */
  weights: Float32Array;
}

/**
 * The documents `scoreSlots` found, in parallel arrays (the first `count` entries are
 * valid): flat arrays rather than an object per document, which a common word would turn
 * into thousands of allocations per query.
 */
export interface SlotScores {
  count: number;
  /** Document numbers (see `IndexScorer.refs`). */
  docs: Int32Array;
  scores: Float64Array;
  /** The slots (see `TermClause`) each document matched, as a bit mask. */
  slotsMatched: Int32Array;
  /** The slots each document matched through a strong term (see `TermClause.strongMask`). */
  strongMatched: Int32Array;
}

/** An index term to score, and what it stands for in the query. */
export interface TermClause {
  /** Its weight: every document's BM25 weight for the term is multiplied by it. */
  boost: number;
  /**
   * The slots (query words, or parts of one) the term fills, as a bit mask: a caller's unit
   * of coverage. At most 31 slots.
   */
  slotMask: number;
  /**
   * The slots the term fills as a sure match (the word itself, a synonym, a compound part),
   * not only as a guess (a typo correction by edit distance, a prefix): a subset of
   * `slotMask`, used for the relevance floor. Defaults to `slotMask`.
   */
  strongMask?: number;
}

/**
 * What scoring needs of a Lunr index, in flat arrays: the document refs, the terms (sorted,
 * as Lunr's TokenSet.Builder wants them) and per term its postings, `docs`/`weights` from
 * `offsets[n]` to `offsets[n + 1]`. Computed from a built index by `scorerParts` (in the
 * index-build worker on the server: the arrays move to the request thread without a copy).
 */
export interface ScorerParts {
  refs: string[];
  terms: string[];
  offsets: Int32Array;
  docs: Int32Array;
  weights: Float32Array;
}

/** An index's scoring parts; the expensive step (inverting the field vectors) of building a scorer. */
export function scorerParts(index: lunr.Index): ScorerParts {
  const internals = internalsOf(index);
  const refNumbers = new Map<string, number>();
  const refs: string[] = [];
  const docs: number[][] = [];
  const weights: number[][] = [];
  for (const [fieldRef, vector] of Object.entries(internals.fieldVectors)) {
    const ref = fieldRef.slice(fieldRef.indexOf('/') + 1);
    let docNumber = refNumbers.get(ref);
    if (docNumber === undefined) {
      docNumber = refs.length;
      refNumbers.set(ref, docNumber);
      refs.push(ref);
    }
    const elements = vector.elements;
    for (let i = 0; i < elements.length; i += 2) {
      const termIndex = elements[i];
      (docs[termIndex] ??= []).push(docNumber);
      (weights[termIndex] ??= []).push(elements[i + 1]);
    }
  }
  const terms = Object.keys(internals.invertedIndex).sort();
  const offsets = new Int32Array(terms.length + 1);
  const merged = terms.map((term) => {
    const termIndex = internals.invertedIndex[term]._index;
    return docs[termIndex] ? mergeFields(docs[termIndex], weights[termIndex]) : { docs: new Int32Array(0), weights: new Float32Array(0) };
  });
  let total = 0;
  merged.forEach((postings, n) => {
    offsets[n] = total;
    total += postings.docs.length;
  });
  offsets[terms.length] = total;
  const allDocs = new Int32Array(total);
  const allWeights = new Float32Array(total);
  merged.forEach((postings, n) => {
    allDocs.set(postings.docs, offsets[n]);
    allWeights.set(postings.weights, offsets[n]);
  });
  return { refs, terms, offsets, docs: allDocs, weights: allWeights };
}

/** A scorer's parts with the term trie already made (see `IndexScorer.fromParts`). */
export interface LoadedScorerParts {
  /** The postings (`terms` is taken from `terms` below). */
  parts: Omit<ScorerParts, 'terms'>;
  /** The sorted terms as one string (term-list.ts): no string per term. */
  terms: TermList;
  /** Every term as a flat trie, for typo-tolerant (fuzzy) matching (term-trie.ts). */
  trie: TermTrie;
}

/** Scores documents of one Lunr index by weighted terms. */
export class IndexScorer {
  /** Document refs by internal number. */
  readonly refs: string[];
  private readonly parts: Omit<ScorerParts, 'terms'>;
  private readonly termList: TermList;
  private readonly trie: TermTrie;
  private postings: (Postings | undefined)[] = [];
  private fuzzyCache = new Map<string, string[]>();
  private readonly refNumbers = new Map<string, number>();
  // Per-query scratch space, reused (see scoreSlots).
  private sums = new Float64Array(0);
  private masks = new Int32Array(0);
  private strongMasks = new Int32Array(0);
  private touched = new Int32Array(0);
  private seen = new Uint8Array(0);

  /** A scorer over a built or loaded Lunr index (the browser's way; the server uses `fromParts`). */
  constructor(source: lunr.Index | LoadedScorerParts) {
    const loaded: LoadedScorerParts =
      'parts' in source && 'trie' in source
        ? source
        : (() => {
            const parts = scorerParts(source);
            return { parts, terms: TermList.fromSorted(parts.terms), trie: buildTermTrie(parts.terms) };
          })();
    this.parts = loaded.parts;
    this.termList = loaded.terms;
    this.trie = loaded.trie;
    this.refs = loaded.parts.refs;
    this.refs.forEach((ref, n) => this.refNumbers.set(ref, n));
  }

  /** A scorer over parts made elsewhere (the index-build worker): no work beyond what the caller did. */
  static fromParts(loaded: LoadedScorerParts): IndexScorer {
    return new IndexScorer(loaded);
  }

  /** True when the index has this exact term. */
  has(term: string): boolean {
    return this.termNumber(term) !== -1;
  }

  /** Every term of the index (a new array, sorted). */
  terms(): string[] {
    return this.termList.toArray();
  }

  /** Up to `max` terms that start with the prefix, in sorted order. */
  termsWithPrefix(prefix: string, max: number): string[] {
    return this.termList.withPrefix(prefix, max);
  }

  /** A term's number (its place in the sorted terms), or -1: a binary search that allocates nothing. */
  private termNumber(term: string): number {
    return this.termList.indexOf(term);
  }

  /** Number of documents that contain a term (in any field). */
  documentFrequency(term: string): number {
    return this.postingsOf(term)?.docs.length ?? 0;
  }

  /** Number of documents in the index. */
  get documentCount(): number {
    return this.refs.length;
  }

  /** Index terms within an edit distance of a word (cached; fuzzy expansion is the costly part). */
  fuzzyTerms(word: string, editDistance: number): string[] {
    const key = `${editDistance}:${word}`;
    let terms = this.fuzzyCache.get(key);
    if (terms === undefined) {
      terms = fuzzyMatch(this.trie, word, editDistance).map((n) => this.termList.at(n));
      if (this.fuzzyCache.size > 5000) this.fuzzyCache.clear();
      this.fuzzyCache.set(key, terms);
    }
    return terms;
  }

  private postingsOf(term: string): Postings | undefined {
    const n = this.termNumber(term);
    if (n === -1) return undefined;
    let postings = this.postings[n];
    if (!postings) {
      const { offsets, docs, weights } = this.parts;
      postings = this.postings[n] = { docs: docs.subarray(offsets[n], offsets[n + 1]), weights: weights.subarray(offsets[n], offsets[n + 1]) };
    }
    return postings;
  }

  /**
   * Adds each term's weight times its boost to the documents that contain it.
   * Returns the scores by document ref and, per ref, the terms that matched.
   * The earlier, simpler interface; `runQuery` uses `scoreSlots`, which also tells which
   * query words each document covers and allocates far less.
   */
  score(boosts: ReadonlyMap<string, number>): Map<string, { score: number; terms: string[] }> {
    const totals = new Map<number, { score: number; terms: string[] }>();
    for (const [term, boost] of boosts) {
      const list = this.postingsOf(term);
      if (!list) continue;
      const { docs, weights } = list;
      for (let i = 0; i < docs.length; i++) {
        const total = totals.get(docs[i]);
        if (total) {
          total.score += weights[i] * boost;
          total.terms.push(term);
        } else {
          totals.set(docs[i], { score: weights[i] * boost, terms: [term] });
        }
      }
    }
    const byRef = new Map<string, { score: number; terms: string[] }>();
    for (const [docNumber, total] of totals) byRef.set(this.refs[docNumber], total);
    return byRef;
  }

  /**
   * Adds each term's weight times its boost to the documents that contain it, and records
   * which slots each document matched. Works in flat arrays reused across queries: a common
   * word reaches thousands of documents, and per-document objects would dominate the cost.
   */
  scoreSlots(clauses: ReadonlyMap<string, TermClause>): SlotScores {
    const count = this.refs.length;
    if (this.sums.length < count) {
      this.sums = new Float64Array(count);
      this.masks = new Int32Array(count);
      this.strongMasks = new Int32Array(count);
      this.touched = new Int32Array(count);
      this.seen = new Uint8Array(count);
    }
    const { sums, masks, strongMasks, touched, seen } = this;
    let touchedCount = 0;
    for (const [term, clause] of clauses) {
      const list = this.postingsOf(term);
      if (!list) continue;
      const { docs, weights } = list;
      const { boost, slotMask } = clause;
      const strongMask = clause.strongMask ?? slotMask;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched[touchedCount++] = doc;
        }
        sums[doc] += weights[i] * boost;
        masks[doc] |= slotMask;
        strongMasks[doc] |= strongMask;
      }
    }
    const result: SlotScores = {
      count: touchedCount,
      docs: touched.slice(0, touchedCount),
      scores: new Float64Array(touchedCount),
      slotsMatched: new Int32Array(touchedCount),
      strongMatched: new Int32Array(touchedCount),
    };
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i];
      result.scores[i] = sums[doc];
      result.slotsMatched[i] = masks[doc];
      result.strongMatched[i] = strongMasks[doc];
      sums[doc] = 0;
      masks[doc] = 0;
      strongMasks[doc] = 0;
      seen[doc] = 0;
    }
    return result;
  }

  /** True when every document that has `term` also has `other` (both sorted posting lists, one pass). */
  coveredBy(term: string, other: string): boolean {
    const a = this.postingsOf(term)?.docs;
    const b = this.postingsOf(other)?.docs;
    if (!a || !b || a.length > b.length) return false;
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      while (j < b.length && b[j] < a[i]) j++;
      if (j === b.length || b[j] !== a[i]) return false;
    }
    return true;
  }

  /** Which of the given terms a document contains (for highlighting the results shown). */
  matchingTerms(ref: string, terms: Iterable<string>): string[] {
    const doc = this.refNumbers.get(ref);
    if (doc === undefined) return [];
    const found: string[] = [];
    for (const term of terms) {
      const list = this.postingsOf(term);
      if (list && binarySearch(list.docs, doc)) found.push(term);
    }
    return found;
  }
}

/** True when a sorted array holds the value. */
function binarySearch(sorted: Int32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** One posting per document: a term found in several fields of a document adds up. */
function mergeFields(docs: number[], weights: number[]): Postings {
  const byDoc = new Map<number, number>();
  for (let i = 0; i < docs.length; i++) byDoc.set(docs[i], (byDoc.get(docs[i]) ?? 0) + weights[i]);
  const numbers = [...byDoc.keys()].sort((a, b) => a - b);
  return { docs: Int32Array.from(numbers), weights: Float32Array.from(numbers, (doc) => byDoc.get(doc) ?? 0) };
}
