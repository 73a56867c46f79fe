/**
 * Learned phrasings in ranking (pure; runs on the server and can run in the browser): a
 * phrasing is an article's "own words of the customers", stored as normalised words (the
 * analyser's terms: stop words out, stemmed, unique, sorted). A query whose normalised words
 * are exactly a confirmed phrasing's puts that article first, even when the relevance floor
 * let nothing else through.
 *
 * Rules that always hold:
 * - the same words typed in another order, case or inflection give the same key;
 * - a phrasing only applies in its own language (the reader's language of the searches);
 * - a query of stop words only has no key (never matches a phrasing).
 */
import { analyzeText } from './analyzer.ts';
import type { Lang } from '../languages.ts';

/** The normalised words of a text: its analysed terms, unique, sorted, space-separated ('' for none). */
export function phrasingKey(text: string, lang: Lang): string {
  return [...new Set(analyzeText(text, lang))].sort().join(' ');
}

/** Confirmed phrasings by language and key: the articles they point to. */
export type PhrasingTable = Map<string, string[]>;

/** The table's key for a phrasing. */
export function phrasingTableKey(lang: Lang, key: string): string {
  return `${lang}:${key}`;
}

/** A lookup table of confirmed phrasings. */
export function phrasingTable(phrasings: readonly { lang: Lang; words: string; articleSlug: string }[]): PhrasingTable {
  const table: PhrasingTable = new Map();
  for (const phrasing of phrasings) {
    const key = phrasingTableKey(phrasing.lang, phrasing.words);
    const slugs = table.get(key) ?? [];
    if (!slugs.includes(phrasing.articleSlug)) slugs.push(phrasing.articleSlug);
    table.set(key, slugs);
  }
  return table;
}

/** The articles a query's confirmed phrasings point to (none when the query has no key). */
export function phrasedArticles(table: PhrasingTable, query: string, lang: Lang): string[] {
  if (table.size === 0) return [];
  const key = phrasingKey(query, lang);
  return key ? (table.get(phrasingTableKey(lang, key)) ?? []) : [];
}

/**
 * Puts the phrased articles first (in the table's order), above the best score; `make` turns
 * a phrased article that the query did not find into a hit (or null when it cannot be shown).
 */
export function boostPhrased<H extends { score: number }>(
  hits: H[],
  phrased: readonly string[],
  idOf: (hit: H) => string,
  make: (id: string, score: number) => H | null,
  limit: number,
): H[] {
  if (phrased.length === 0) return hits;
  const top = hits.reduce((best, hit) => Math.max(best, hit.score), 0);
  const first: H[] = [];
  phrased.forEach((id, n) => {
    const score = top + phrased.length - n;
    const found = hits.find((hit) => idOf(hit) === id);
    const hit = found ? { ...found, score } : make(id, score);
    if (hit) first.push(hit);
  });
  const ids = new Set(first.map(idOf));
  return [...first, ...hits.filter((hit) => !ids.has(idOf(hit)))].slice(0, limit);
}
