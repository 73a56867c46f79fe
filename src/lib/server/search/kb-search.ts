/**
 * The staff knowledge-base search behind the desk's panels (ticket view, call desk, and their
 * JSON endpoint /staff/api/kb-search): public and internal articles and the training pages,
 * from the staff index, each with where staff read it and, for public articles, the address
 * sent to customers. One function, so that every panel links a result to the same real page.
 */
import type { Lang } from '../../languages.ts';
import { kbHref, type KbResult } from '../../kb-result.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import { articleUrl } from '../mail/desk-emails.ts';
import { TRAINING_DOC_PREFIX, type TrainingStore } from '../training/training.ts';
import type { SearchEngine } from './search.ts';

/** What the search reads: the app's services. */
export interface KbSources {
  search: Pick<SearchEngine, 'search'>;
  store: Pick<ArticleStore, 'get' | 'category'>;
  training: Pick<TrainingStore, 'get' | 'module'>;
  config: Pick<DeskConfig, 'siteUrl'>;
}

/** How to search. */
export interface KbSearchOptions {
  /** The language searched (the customer's). */
  lang: Lang;
  /** The language of the labels (the agent's). */
  readerLang: Lang;
  /** At most this many results (default 8). */
  limit?: number;
}

/** The results for `query`, best first; none for an empty query. */
export function searchKnowledgeBase(sources: KbSources, query: string, options: KbSearchOptions): KbResult[] {
  const text = query.trim().slice(0, 200);
  if (!text) return [];
  const results: KbResult[] = [];
  for (const hit of sources.search.search(text, options.lang, { scope: 'staff', limit: options.limit ?? 8 })) {
    if (hit.slug.startsWith(TRAINING_DOC_PREFIX)) {
      // Training pages are found too: read by staff, never sent or linked to the ticket.
      const page = sources.training.get(hit.slug.slice(TRAINING_DOC_PREFIX.length));
      if (!page) continue;
      const label = sources.training.module(page.module).label[options.readerLang];
      results.push({ slug: page.slug, title: page.title, summary: page.summary, lang: page.lang, category: label, audience: 'internal', url: '', kind: 'training', href: kbHref('training', page.slug) });
      continue;
    }
    const article = sources.store.get(hit.slug);
    if (!article) continue;
    results.push({
      slug: article.slug,
      title: article.title,
      summary: article.summary,
      lang: article.lang,
      category: sources.store.category(article.category).label[options.readerLang],
      audience: article.audience,
      url: article.audience === 'public' ? articleUrl(sources.config, article.slug, article.lang) : '',
      kind: 'article',
      href: kbHref('article', article.slug),
    });
  }
  return results;
}
