/**
 * What the public sees of the knowledge base: validated public articles, one per
 * translation group in the reader's language where it exists (else the other language).
 */
import type { Article, ArticleStore } from './articles.ts';
import { isPublicArticle } from '../search/search.ts';
import type { Lang } from '../../languages.ts';

const cache = new WeakMap<ArticleStore, { version: number; byLang: Map<Lang, Article[]> }>();

/** Public articles for a reader, one per translation group, sorted by title. */
export function publicArticles(store: ArticleStore, lang: Lang): Article[] {
  let entry = cache.get(store);
  if (!entry || entry.version !== store.version) {
    entry = { version: store.version, byLang: new Map() };
    cache.set(store, entry);
  }
  let list = entry.byLang.get(lang);
  if (!list) {
    const groups = new Map<string, Article>();
    for (const article of store.all()) {
      if (!isPublicArticle(article)) continue;
      const existing = groups.get(article.translationKey);
      if (!existing || (existing.lang !== lang && article.lang === lang)) groups.set(article.translationKey, article);
    }
    list = [...groups.values()].sort((a, b) => a.title.localeCompare(b.title, lang));
    entry.byLang.set(lang, list);
  }
  return list;
}

/** The public version of an article in a language, if there is one. */
export function publicTranslation(store: ArticleStore, article: Article, lang: Lang): Article | null {
  return store.translationsOf(article).find((other) => other.lang === lang && isPublicArticle(other)) ?? null;
}

/** Number of public articles per category key. */
export function countByCategory(articles: Article[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const article of articles) counts.set(article.category, (counts.get(article.category) ?? 0) + 1);
  return counts;
}

/** The most recently updated public articles. */
export function newestArticles(articles: Article[], limit: number): Article[] {
  return [...articles].sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.title.localeCompare(b.title)).slice(0, limit);
}
