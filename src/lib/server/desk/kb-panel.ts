/**
 * The ticket workspace's knowledge-base panel without JavaScript: the staff search (public
 * and internal articles, training pages) turned into the panel's results. Training pages are
 * opened by staff and never sent or linked to a ticket; public articles carry the address the
 * reply links to.
 */
import type { App } from '../platform/app.ts';
import { articleUrl } from '../mail/desk-emails.ts';
import { TRAINING_DOC_PREFIX } from '../training/training.ts';
import type { Lang } from '../../languages.ts';

export interface KbPanelResult {
  slug: string;
  title: string;
  summary: string;
  audience: 'public' | 'internal';
  url: string;
  kind: 'article' | 'training';
  href: string;
}

/** Up to `limit` results for `query` in `lang` (nothing for an empty query). */
export function kbPanelResults(app: Pick<App, 'search' | 'store' | 'training' | 'config'>, query: string, lang: Lang, limit = 8): KbPanelResult[] {
  if (!query) return [];
  return app.search.search(query, lang, { scope: 'staff', limit }).flatMap((hit): KbPanelResult[] => {
    if (hit.slug.startsWith(TRAINING_DOC_PREFIX)) {
      const page = app.training.get(hit.slug.slice(TRAINING_DOC_PREFIX.length));
      return page ? [{ slug: page.slug, title: page.title, summary: page.summary, audience: 'internal', url: '', kind: 'training', href: `/staff/training/${page.slug}` }] : [];
    }
    const article = app.store.get(hit.slug);
    return article ? [{ slug: article.slug, title: article.title, summary: article.summary, audience: article.audience, url: articleUrl(app.config, article.slug), kind: 'article', href: `/articles/${article.slug}` }] : [];
  });
}
