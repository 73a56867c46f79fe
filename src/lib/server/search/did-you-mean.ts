/**
 * The spelling suggestion for a search without results, from the words of the public,
 * validated articles only (rebuilt when the content changes).
 */
import type { ArticleStore } from '../knowledge/articles.ts';
import { buildVocabulary, suggestSpelling, type Vocabulary } from '../../search/spelling.ts';
import { isPublicArticle } from './search.ts';

const cache = new WeakMap<ArticleStore, { version: number; vocabulary: Vocabulary }>();

/** "Did you mean …" for a query, or null. */
export function didYouMean(store: ArticleStore, query: string): string | null {
  let entry = cache.get(store);
  if (!entry || entry.version !== store.version) {
    const texts = store.all().filter(isPublicArticle).flatMap((article) => [article.title, article.summary, article.text, ...article.tags]);
    entry = { version: store.version, vocabulary: buildVocabulary(texts) };
    cache.set(store, entry);
  }
  return suggestSpelling(query, entry.vocabulary);
}
