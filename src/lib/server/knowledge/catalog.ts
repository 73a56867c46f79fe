/**
 * What the public sees of the knowledge base: validated public articles, one per
 * translation group in the reader's language where it exists (else the other language).
 */
import type { Article, ArticleStore } from './articles.ts';
import { isPublicArticle } from '../search/search.ts';
import type { Lang } from '../../languages.ts';
import type { Database } from '../platform/database/connect.ts';
import { mostViewedSlugs } from '../search/analytics.ts';

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

/**
 * The most read public articles of the last 30 days for a reader: one per translation group,
 * in the reader's language where it exists (views of both language versions count).
 */
export async function mostReadArticles(store: ArticleStore, database: Database, lang: Lang, limit: number): Promise<Article[]> {
  const byKey = new Map(publicArticles(store, lang).map((article) => [article.translationKey, article]));
  const seen = new Set<Article>();
  for (const { slug } of await mostViewedSlugs(database, 40)) {
    const viewed = store.get(slug);
    const article = viewed ? byKey.get(viewed.translationKey) : undefined;
    if (article) seen.add(article);
    if (seen.size >= limit) break;
  }
  return [...seen];
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
