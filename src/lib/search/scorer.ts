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
import { fuzzyTokenSet, internalsOf, type IndexInternals, type lunr } from './lunr.ts';

interface Postings {
  /** Document numbers, ascending. */
  docs: Int32Array;
  /** The term's weight in each document, summed over the fields. */
  weights: Float32Array;
}

/** A document's score from `scoreByWord`. */
export interface WordScore {
  score: number;
  /** The index terms that matched, for highlighting. */
  terms: string[];
  /** The slots (query words, see `scoreByWord`) the document matched, as a bit mask. */
  slotsMatched: number;
}

/** An index term to score: the slots (query words) it stands for, each with its boost. */
export interface TermClause {
  /** The slots (query words, or parts of one) this term can fill. */
  slots: readonly number[];
  /** The boost for each of those slots (how the term was reached from the word). */
  boosts: readonly number[];
}

/**
 * When a query word is reached by several terms (its stem, synonyms, prefix completions),
 * the best one counts in full and the others only by this share: a document that happens to
 * contain five synonyms of one word has not answered the query five times better.
 */
export const ALTERNATIVE_SHARE = 1;

/** Scores documents of one Lunr index by weighted terms. */
export class IndexScorer {
  readonly index: lunr.Index;
  private readonly internals: IndexInternals;
  /** Document refs by internal number. */
  readonly refs: string[];
  private postings: (Postings | undefined)[] = [];
  private fuzzyCache = new Map<string, string[]>();
  /** Per query scratch space, reused: best weight per document and query word. */
  private scratch = new Float64Array(0);

  constructor(index: lunr.Index) {
    this.index = index;
    this.internals = internalsOf(index);
    const refNumbers = new Map<string, number>();
    this.refs = [];
    const docs: number[][] = [];
    const weights: number[][] = [];
    for (const [fieldRef, vector] of Object.entries(this.internals.fieldVectors)) {
      const ref = fieldRef.slice(fieldRef.indexOf('/') + 1);
      let docNumber = refNumbers.get(ref);
      if (docNumber === undefined) {
        docNumber = this.refs.length;
        refNumbers.set(ref, docNumber);
        this.refs.push(ref);
      }
      const elements = vector.elements;
      for (let i = 0; i < elements.length; i += 2) {
        const termIndex = elements[i];
        (docs[termIndex] ??= []).push(docNumber);
        (weights[termIndex] ??= []).push(elements[i + 1]);
      }
    }
    for (let termIndex = 0; termIndex < docs.length; termIndex++) {
      if (docs[termIndex]) this.postings[termIndex] = mergeFields(docs[termIndex], weights[termIndex]);
    }
  }

  /** True when the index has this exact term. */
  has(term: string): boolean {
    return Object.hasOwn(this.internals.invertedIndex, term);
  }

  /** Every term of the index, in no particular order. */
  terms(): string[] {
    return Object.keys(this.internals.invertedIndex);
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
      terms = this.internals.tokenSet.intersect(fuzzyTokenSet(word, editDistance)).toArray();
      if (this.fuzzyCache.size > 5000) this.fuzzyCache.clear();
      this.fuzzyCache.set(key, terms);
    }
    return terms;
  }

  private postingsOf(term: string): Postings | undefined {
    if (!Object.hasOwn(this.internals.invertedIndex, term)) return undefined;
    return this.postings[this.internals.invertedIndex[term]._index];
  }

  /**
   * Adds each term's weight times its boost to the documents that contain it.
   * Returns the scores by document ref and, per ref, the terms that matched.
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
   * Scores per slot (a query word, or a part of one): each slot contributes its best-matching
   * term's weight times boost (plus a share of its other terms, see ALTERNATIVE_SHARE), so
   * that the many ways one word can match do not add up to outweigh the other words of the
   * query.
   */
  scoreByWord(clauses: ReadonlyMap<string, TermClause>, slotCount: number): Map<string, WordScore> {
    const width = Math.max(1, slotCount);
    const size = this.refs.length * width;
    if (this.scratch.length < size) this.scratch = new Float64Array(size);
    const best = this.scratch;
    const found = new Map<number, { sum: number; terms: string[] }>();
    for (const [term, clause] of clauses) {
      const list = this.postingsOf(term);
      if (!list) continue;
      const { docs, weights } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        const weight = weights[i];
        let entry = found.get(doc);
        if (!entry) found.set(doc, (entry = { sum: 0, terms: [] }));
        entry.terms.push(term);
        const base = doc * width;
        for (let k = 0; k < clause.slots.length; k++) {
          const value = weight * clause.boosts[k];
          const at = base + clause.slots[k];
          entry.sum += value;
          if (value > best[at]) best[at] = value;
        }
      }
    }
    const byRef = new Map<string, WordScore>();
    for (const [doc, entry] of found) {
      const base = doc * width;
      let top = 0;
      let slotsMatched = 0;
      for (let slot = 0; slot < width; slot++) {
        const value = best[base + slot];
        if (value > 0) {
          top += value;
          if (slot < 31) slotsMatched |= 1 << slot;
          best[base + slot] = 0;
        }
      }
      byRef.set(this.refs[doc], {
        score: top + ALTERNATIVE_SHARE * (entry.sum - top),
        terms: entry.terms,
        slotsMatched,
      });
    }
    return byRef;
  }
}

/** One posting per document: a term found in several fields of a document adds up. */
function mergeFields(docs: number[], weights: number[]): Postings {
  const byDoc = new Map<number, number>();
  for (let i = 0; i < docs.length; i++) byDoc.set(docs[i], (byDoc.get(docs[i]) ?? 0) + weights[i]);
  const numbers = [...byDoc.keys()].sort((a, b) => a - b);
  return { docs: Int32Array.from(numbers), weights: Float32Array.from(numbers, (doc) => byDoc.get(doc) ?? 0) };
}
