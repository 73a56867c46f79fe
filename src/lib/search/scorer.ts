/**
 * Fast scoring over a Lunr index.
 *
 * Lunr computes BM25 weights per term, field and document when it builds an index (with the
 * field boosts applied) and keeps them in its field vectors. `Index.query` then builds match
 * metadata for every matching field of every document, which costs tens of milliseconds
 * for common words in a large knowledge base. Ranking only needs the sum of the weights, so
 * this module inverts the field vectors once into flat per-term posting arrays and adds
 * them up — the same ranking as Lunr's (its query-vector normalisation is a per-query
 * constant), at a fraction of the cost.
 */
import { lunr } from './lunr.ts';

interface Postings {
  docs: Int32Array;
  weights: Float32Array;
}

/** Scores documents of one Lunr index by weighted terms. */
export class IndexScorer {
  readonly index: lunr.Index;
  /** Document refs by internal number. */
  readonly refs: string[];
  private postings: (Postings | undefined)[] = [];
  private fuzzyCache = new Map<string, string[]>();

  constructor(index: lunr.Index) {
    this.index = index;
    const refNumbers = new Map<string, number>();
    this.refs = [];
    const docs: number[][] = [];
    const weights: number[][] = [];
    for (const [fieldRef, vector] of Object.entries(index.fieldVectors)) {
      const ref = fieldRef.slice(fieldRef.indexOf('/') + 1);
      let docNumber = refNumbers.get(ref);
      if (docNumber === undefined) {
        docNumber = this.refs.length;
        refNumbers.set(ref, docNumber);
        this.refs.push(ref);
      }
      const elements = (vector as unknown as { elements: number[] }).elements;
      for (let i = 0; i < elements.length; i += 2) {
        const termIndex = elements[i];
        (docs[termIndex] ??= []).push(docNumber);
        (weights[termIndex] ??= []).push(elements[i + 1]);
      }
    }
    for (let termIndex = 0; termIndex < docs.length; termIndex++) {
      if (docs[termIndex]) {
        this.postings[termIndex] = { docs: Int32Array.from(docs[termIndex]), weights: Float32Array.from(weights[termIndex]) };
      }
    }
  }

  /** True when the index has this exact term. */
  has(term: string): boolean {
    return Object.hasOwn(this.index.invertedIndex, term);
  }

  /** Index terms within an edit distance of a word (cached; fuzzy expansion is the costly part). */
  fuzzyTerms(word: string, editDistance: number): string[] {
    const key = `${editDistance}:${word}`;
    let terms = this.fuzzyCache.get(key);
    if (!terms) {
      terms = this.index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(word, editDistance)).toArray();
      if (this.fuzzyCache.size > 5000) this.fuzzyCache.clear();
      this.fuzzyCache.set(key, terms);
    }
    return terms;
  }

  /**
   * Adds each term's weight times its boost to the documents that contain it.
   * Returns the scores by document ref and, per ref, the terms that matched.
   */
  score(boosts: ReadonlyMap<string, number>): Map<string, { score: number; terms: string[] }> {
    const totals = new Map<number, { score: number; terms: string[] }>();
    for (const [term, boost] of boosts) {
      const posting = this.index.invertedIndex[term] as { _index: number } | undefined;
      if (!posting) continue;
      const list = this.postings[posting._index];
      if (!list) continue;
      const { docs, weights } = list;
      for (let i = 0; i < docs.length; i++) {
        const total = totals.get(docs[i]);
        if (total) {
          total.score += weights[i] * boost;
          if (total.terms[total.terms.length - 1] !== term) total.terms.push(term);
        } else {
          totals.set(docs[i], { score: weights[i] * boost, terms: [term] });
        }
      }
    }
    const byRef = new Map<string, { score: number; terms: string[] }>();
    for (const [docNumber, total] of totals) byRef.set(this.refs[docNumber], total);
    return byRef;
  }
}
