/**
 * GET /staff/api/kb-search?q=…&lang=de|en — the ticket view's knowledge-base panel as JSON:
 * searches public AND internal articles and the training pages (the staff index). Staff only: anonymous visitors are
 * sent to the log-in page, like every staff route. Each result says whether it is public (only
 * public articles may be linked in a reply to the customer) and carries its public URL.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { isLang } from '../../../lib/languages.ts';
import { deskConfig } from '../../../actions/desk.ts';
import { articleUrl } from '../../../lib/server/mail/desk-emails.ts';
import { articlePath } from '../../../lib/public-urls.ts';
import { TRAINING_DOC_PREFIX } from '../../../lib/server/training/training.ts';

/** One result of the staff knowledge-base search. */
export interface KbResult {
  slug: string;
  title: string;
  summary: string;
  lang: string;
  category: string;
  /** public articles can be sent to customers; internal ones (and training pages) only be read. */
  audience: 'public' | 'internal';
  /** The article's public address (for the reply's Markdown link). */
  url: string;
  /** An article, or a training page (staff only, never linked to tickets or sent). */
  kind: 'article' | 'training';
  /** Where staff open it: /articles/<slug> or /staff/training/<slug>. */
  href: string;
}

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context);
  if (user instanceof Response) return user;
  const { url, locals } = context;
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const requested = url.searchParams.get('lang');
  const lang = isLang(requested) ? requested : locals.lang;
  const limit = Math.max(1, Math.min(30, Number.parseInt(url.searchParams.get('limit') ?? '8', 10) || 8));
  const app = await getApp();
  const { search, store, training } = app;
  const results: KbResult[] = [];
  if (query) {
    for (const hit of search.search(query, lang, { scope: 'staff', limit })) {
      if (hit.slug.startsWith(TRAINING_DOC_PREFIX)) {
        const page = training.get(hit.slug.slice(TRAINING_DOC_PREFIX.length));
        if (!page) continue;
        const href = `/staff/training/${page.slug}`;
        results.push({ slug: page.slug, title: page.title, summary: page.summary, lang: page.lang, category: training.module(page.module).label[locals.lang], audience: 'internal', url: href, kind: 'training', href });
        continue;
      }
      const article = store.get(hit.slug);
      if (!article) continue;
      results.push({
        slug: article.slug,
        title: article.title,
        summary: article.summary,
        lang: article.lang,
        category: store.category(article.category).label[locals.lang],
        audience: article.audience,
        url: articleUrl(deskConfig(app), article.slug, article.lang),
        kind: 'article',
        href: articlePath(article.lang, article.slug),
      });
    }
  }
  return Response.json({ query, lang, results }, { headers: { 'Cache-Control': 'private, no-store' } });
};
