/**
 * Related articles: what search finds for an article's title and tags, preferring the
 * same category, in the reader's language where there is a version.
 */
import type { Article, ArticleStore } from './articles.ts';
import type { SearchEngine } from '../search/search.ts';
import type { Lang } from '../../languages.ts';

const cache = new WeakMap<ArticleStore, { version: number; entries: Map<string, Article[]> }>();

/**
 * Up to `limit` public articles related to `article`, excluding its own translations.
 * Cached until the content changes.
 */
export function relatedArticles(
  search: SearchEngine,
  store: ArticleStore,
  article: Article,
  visible: Article[],
  lang: Lang,
  limit: number,
): Article[] {
  let entry = cache.get(store);
  if (!entry || entry.version !== store.version) {
    entry = { version: store.version, entries: new Map() };
    cache.set(store, entry);
  }
  const key = `${article.slug}|${lang}|${limit}`;
  let related = entry.entries.get(key);
  if (!related) {
    related = findRelated(search, store, article, visible, limit);
    entry.entries.set(key, related);
  }
  return related;
}

function findRelated(
  search: SearchEngine,
  store: ArticleStore,
  article: Article,
  visible: Article[],
  limit: number,
): Article[] {
  const byKey = new Map(visible.map((candidate) => [candidate.translationKey, candidate]));
  const query = [article.title, ...article.tags].join(' ');
  const ranked = search
    // A title and its tags are no question: every result that shares some words counts.
    .search(query, article.lang, { limit: limit * 4, floor: 0 })
    .map((result) => store.get(result.slug))
    .filter((found): found is Article => found !== null && found.translationKey !== article.translationKey)
    .map((found) => byKey.get(found.translationKey))
    .filter((found): found is Article => found !== undefined);
  const unique = [...new Set(ranked)];
  // Same topic first, search order otherwise.
  unique.sort((a, b) => Number(b.category === article.category) - Number(a.category === article.category));
  return unique.slice(0, limit);
}
