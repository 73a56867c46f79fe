/**
 * Search in the browser over the shipped public index: the same analysis, query planning
 * and ranking code as the server's. Loaded on demand by instant-search.ts.
 */
import { lunr } from '../lib/search/lunr.ts';
import { IndexScorer } from '../lib/search/scorer.ts';
import { runQuery, type LanguageIndexes, type SearchDoc } from '../lib/search/query.ts';
import { Thesaurus } from '../lib/search/thesaurus.ts';
import { SUPPORT_VOCABULARY } from '../lib/search/vocabulary.ts';
import { highlightText } from '../lib/search/highlight.ts';
import type { ShippedIndexPayload } from '../lib/server/search/search.ts';
import type { Suggestion } from './suggestion.ts';
import type { Lang } from '../lib/languages.ts';

/** Fetches the index and returns a search function over it. */
export async function loadLocalSearch(url: string): Promise<(query: string, lang: Lang, limit: number) => Suggestion[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`index ${response.status}`);
  const payload = (await response.json()) as ShippedIndexPayload;
  const indexes: LanguageIndexes = {
    de: new IndexScorer(lunr.Index.load(payload.indexes.de)),
    en: new IndexScorer(lunr.Index.load(payload.indexes.en)),
  };
  const docs = new Map<string, SearchDoc>(payload.docs.map((doc) => [doc.id, doc]));
  const thesaurus = new Thesaurus(payload.synonyms, SUPPORT_VOCABULARY);
  return (query, lang, limit) =>
    runQuery(indexes, docs, query, lang, limit, thesaurus).map((hit) => {
      const terms = new Set(hit.terms);
      return {
        slug: hit.doc.id,
        title: highlightText(hit.doc.title, hit.doc.lang, terms),
        snippet: highlightText(hit.doc.summary, hit.doc.lang, terms),
        category: payload.categories[hit.doc.category]?.[lang] ?? hit.doc.category,
        lang: hit.doc.lang,
      };
    });
}
