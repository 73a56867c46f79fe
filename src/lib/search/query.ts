/**
 * Turns what a person typed into weighted index terms and ranks the results.
 *
 * Shared by the server and the browser's instant search. The query is analysed in both
 * languages (documents are indexed in their own), with typo tolerance for unknown words,
 * prefix matching for the word being typed, German compound splitting and joining, and
 * the knowledge base's synonyms (which also bridge German and English words).
 */
import type { IndexScorer } from './scorer.ts';
import { isStopWord, stemWord, tokenize, type Word } from './analyzer.ts';
import type { Thesaurus } from './thesaurus.ts';
import { LANGS, type Lang } from '../languages.ts';

/** What the search shows of an article: enough to render a result. */
export interface SearchDoc {
  /** The article's slug; also its Lunr ref. */
  id: string;
  title: string;
  summary: string;
  lang: Lang;
  category: string;
  /** Links the language versions of one article; the key of a result group. */
  translationKey: string;
}

/** One ranked result. */
export interface SearchHit {
  doc: SearchDoc;
  score: number;
  /** The index terms (stems) that matched, for highlighting. */
  terms: string[];
}

/** Relative weights of the ways a query word can match. Exact always outweighs fuzzy. */
export const CLAUSE_BOOST = {
  exact: 10,
  joined: 8,
  synonym: 6,
  split: 4,
  prefix: 3,
  fuzzy: 1,
} as const;

/** Score factor for results that exist only in the other language. */
export const OTHER_LANGUAGE_FACTOR = 0.75;

/**
 * How strongly a result is held back for each query word it does not match:
 * the score is multiplied by (matched words / query words) to this power.
 */
export const COVERAGE_EXPONENT = 2;

/** Shortest word that gets edit distance 1, and 2. */
const FUZZY_MIN_LENGTH = { one: 4, two: 8 } as const;
const PREFIX_MIN_LENGTH = 2;
const COMPOUND_PART_MIN_LENGTH = 4;
/** At most this many vocabulary terms stand in for the word being typed. */
const PREFIX_EXPANSIONS = 12;

/** One scored Lunr index per language; a document lives in the index of its language. */
export type LanguageIndexes = Record<Lang, IndexScorer>;

/** An index term to look up, its weight, and the query words it stands for. */
export interface Clause {
  term: string;
  boost: number;
  /** Positions of the query words this term matches. */
  words: number[];
  editDistance?: number;
}

/** The clauses per language index and the number of query words. */
export interface QueryPlan {
  clauses: Record<Lang, Clause[]>;
  wordCount: number;
}

const vocabularies = new WeakMap<IndexScorer, string[]>();

/** The index's terms, sorted, computed once per index. */
function vocabularyOf(scorer: IndexScorer): string[] {
  let terms = vocabularies.get(scorer);
  if (!terms) {
    terms = scorer.terms().sort();
    vocabularies.set(scorer, terms);
  }
  return terms;
}

/** Up to `limit` index terms that start with `prefix`, shortest (closest) first. */
export function expandPrefix(scorer: IndexScorer, prefix: string, limit = PREFIX_EXPANSIONS): string[] {
  const terms = vocabularyOf(scorer);
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (terms[mid] < prefix) low = mid + 1;
    else high = mid;
  }
  const found: string[] = [];
  for (let i = low; i < terms.length && terms[i].startsWith(prefix) && found.length < limit * 8; i++) found.push(terms[i]);
  return found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, limit);
}

/**
 * Splits a compound into two parts the index knows ("druckertreiber" → "druck", "treib"),
 * allowing the German linking "s" ("rechnungsnummer" → "rechnung", "nummer").
 * Returns the parts' stems, or nothing when no split fits.
 */
export function splitCompound(folded: string, has: (term: string) => boolean): string[] {
  const min = COMPOUND_PART_MIN_LENGTH;
  if (folded.length < min * 2 || /\d/.test(folded)) return [];
  let best: string[] = [];
  let bestBalance = 0;
  for (let cut = min; cut <= folded.length - min; cut++) {
    const right = folded.slice(cut);
    const rightStem = stemWord(right, 'de');
    if (!has(rightStem)) continue;
    const left = folded.slice(0, cut);
    const lefts = left.endsWith('s') && left.length > min ? [left, left.slice(0, -1)] : [left];
    for (const candidate of lefts) {
      const leftStem = stemWord(candidate, 'de');
      const balance = Math.min(candidate.length, right.length);
      if (has(leftStem) && balance > bestBalance) {
        best = [leftStem, rightStem];
        bestBalance = balance;
      }
    }
  }
  return best;
}

/** A word's stem per language, or null where it is a stop word of that language. */
function stemsOf(word: Word): Record<Lang, string | null> {
  return Object.fromEntries(LANGS.map((lang) => [lang, isStopWord(word, lang) ? null : stemWord(word.folded, lang)])) as Record<
    Lang,
    string | null
  >;
}

/**
 * Plans a query: the index terms per language, each with a weight and the query words it
 * stands for. A word is matched exactly (stemmed in each language), through its synonyms,
 * by prefix when it is the last one, fuzzily when no index knows it, and as part or whole
 * of a German compound.
 */
export function planQuery(query: string, readerLang: Lang, indexes: LanguageIndexes, thesaurus?: Thesaurus): QueryPlan {
  const has = (lang: Lang, term: string): boolean => indexes[lang].has(term);
  const words = tokenize(query.slice(0, 500))
    .filter((word) => !isStopWord(word, readerLang))
    .slice(0, 16);
  const plans = Object.fromEntries(LANGS.map((lang) => [lang, new Map<string, Clause>()])) as Record<Lang, Map<string, Clause>>;
  const add = (lang: Lang, clause: Clause): void => {
    const key = `${clause.term}|${clause.editDistance ?? 0}`;
    const existing = plans[lang].get(key);
    if (!existing) plans[lang].set(key, clause);
    else {
      existing.boost = Math.max(existing.boost, clause.boost);
      existing.words = [...new Set([...existing.words, ...clause.words])];
    }
  };

  words.forEach((word, position) => {
    const stems = stemsOf(word);
    const known = LANGS.filter((lang) => stems[lang] !== null && has(lang, stems[lang]));
    for (const lang of known) add(lang, { term: stems[lang]!, boost: CLAUSE_BOOST.exact, words: [position] });

    const synonyms = thesaurus?.synonymsOf(word) ?? [];
    for (const synonym of synonyms) {
      const synonymStems = stemsOf(synonym);
      for (const lang of LANGS) {
        const stem = synonymStems[lang];
        if (stem && has(lang, stem)) add(lang, { term: stem, boost: CLAUSE_BOOST.synonym, words: [position] });
      }
    }

    // A word that no index knows, and that is no known synonym, is probably mistyped.
    const fuzzy = known.length === 0 && synonyms.length === 0 && word.folded.length >= FUZZY_MIN_LENGTH.one && !/\d/.test(word.folded);
    if (fuzzy) {
      const editDistance = word.folded.length >= FUZZY_MIN_LENGTH.two ? 2 : 1;
      for (const lang of LANGS) {
        if (stems[lang]) add(lang, { term: word.folded, boost: CLAUSE_BOOST.fuzzy, words: [position], editDistance });
      }
    }

    if (position === words.length - 1 && word.folded.length >= PREFIX_MIN_LENGTH) {
      for (const lang of LANGS) {
        if (!stems[lang]) continue;
        for (const term of expandPrefix(indexes[lang], word.folded)) add(lang, { term, boost: CLAUSE_BOOST.prefix, words: [position] });
      }
    }

    if (stems.de) {
      for (const part of splitCompound(word.folded, (term) => has('de', term))) {
        add('de', { term: part, boost: CLAUSE_BOOST.split, words: [position] });
      }
    }

    const next = words[position + 1];
    if (next) {
      for (const joined of [word.folded + next.folded, `${word.folded}s${next.folded}`]) {
        for (const lang of LANGS) {
          const stem = stemWord(joined, lang);
          if (has(lang, stem)) add(lang, { term: stem, boost: CLAUSE_BOOST.joined, words: [position, position + 1] });
        }
      }
    }
  });
  return {
    clauses: Object.fromEntries(LANGS.map((lang) => [lang, [...plans[lang].values()]])) as Record<Lang, Clause[]>,
    wordCount: words.length,
  };
}

/**
 * Searches and ranks: BM25 weights per matched term, held back for query words a result
 * does not cover; one result per article (its version in the reader's language where
 * there is one), other-language-only results a little lower.
 */
export function runQuery(
  indexes: LanguageIndexes,
  docs: ReadonlyMap<string, SearchDoc>,
  query: string,
  readerLang: Lang,
  limit = 20,
  thesaurus?: Thesaurus,
): SearchHit[] {
  const plan = planQuery(query, readerLang, indexes, thesaurus);
  if (plan.wordCount === 0) return [];
  const results: { ref: string; score: number; terms: string[] }[] = [];
  for (const lang of LANGS) {
    const scorer = indexes[lang];
    // Each index term counts once per query word, with the strongest way it was reached.
    const terms = new Map<string, { words: number[]; boosts: number[] }>();
    for (const clause of plan.clauses[lang]) {
      const expanded = clause.editDistance ? scorer.fuzzyTerms(clause.term, clause.editDistance) : [clause.term];
      for (const term of expanded) {
        let entry = terms.get(term);
        if (!entry) terms.set(term, (entry = { words: [], boosts: [] }));
        for (const word of clause.words) {
          const at = entry.words.indexOf(word);
          if (at < 0) {
            entry.words.push(word);
            entry.boosts.push(clause.boost);
          } else if (entry.boosts[at] < clause.boost) entry.boosts[at] = clause.boost;
        }
      }
    }
    if (terms.size === 0) continue;
    for (const [ref, match] of scorer.scoreByWord(terms, plan.wordCount)) {
      const coverage = (match.wordsMatched / plan.wordCount) ** COVERAGE_EXPONENT;
      results.push({ ref, score: match.score * coverage, terms: match.terms });
    }
  }
  results.sort((a, b) => b.score - a.score);

  const byKey = new Map<string, SearchHit>();
  for (const result of results) {
    // Enough groups to rank the page; the rest cannot reach it.
    if (byKey.size >= limit * 3) break;
    const doc = docs.get(result.ref);
    if (!doc) continue;
    const existing = byKey.get(doc.translationKey);
    if (existing) {
      // The other language version of an article already seen: merge what it matched.
      existing.terms = [...new Set([...existing.terms, ...result.terms])];
      if (doc.lang === readerLang) existing.doc = doc;
      continue;
    }
    byKey.set(doc.translationKey, { doc, score: result.score, terms: result.terms });
  }

  const preferred = translationsIn(docs, readerLang);
  const hits = [...byKey.values()].map((hit) => {
    const translation = hit.doc.lang === readerLang ? hit.doc : preferred.get(hit.doc.translationKey);
    if (translation) return { ...hit, doc: translation };
    return { ...hit, score: hit.score * OTHER_LANGUAGE_FACTOR };
  });
  hits.sort((a, b) => b.score - a.score || a.doc.title.localeCompare(b.doc.title));
  return hits.slice(0, limit);
}

const translationCache = new WeakMap<ReadonlyMap<string, SearchDoc>, Map<Lang, Map<string, SearchDoc>>>();

/** The documents of one language by translation key, computed once per document set. */
function translationsIn(docs: ReadonlyMap<string, SearchDoc>, lang: Lang): Map<string, SearchDoc> {
  let perLang = translationCache.get(docs);
  if (!perLang) {
    perLang = new Map();
    translationCache.set(docs, perLang);
  }
  let map = perLang.get(lang);
  if (!map) {
    map = new Map();
    for (const doc of docs.values()) if (doc.lang === lang) map.set(doc.translationKey, doc);
    perLang.set(lang, map);
  }
  return map;
}
