/** The knowledge base as the insights sections see it (titles, languages, dates). */
import type { ArticleStore } from '../knowledge/articles.ts';
import type { ArticleInfo } from './articles.ts';

/** Every article the store knows, reduced to what the article figures need. */
export function articleCatalog(store: Pick<ArticleStore, 'all'>): ArticleInfo[] {
  return store.all().map((article) => ({
    slug: article.slug,
    title: article.title,
    lang: article.lang,
    audience: article.audience,
    status: article.status,
    updated: article.updated,
  }));
}
