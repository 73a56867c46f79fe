/**
 * The body of GET /api/search (instant search when the index is too large to ship, and the
 * ticket form's suggestions): the public results as JSON with highlighted title and snippet
 * and the category label in the reader's language. One function, so that the endpoint and
 * `npm run bench:search` time the same work.
 */
import type { Lang } from '../../languages.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import type { SearchEngine } from './search.ts';

/** The JSON text answered for a query (an empty query has no results). */
export function searchApiBody(search: Pick<SearchEngine, 'search'>, store: Pick<ArticleStore, 'category'>, query: string, lang: Lang, limit: number): string {
  const results = query
    ? search.search(query, lang, { limit }).map((result) => ({
        slug: result.slug,
        title: result.title,
        snippet: result.snippet,
        lang: result.lang,
        category: store.category(result.category).label[lang],
      }))
    : [];
  return JSON.stringify({ query, lang, results });
}
