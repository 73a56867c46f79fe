/**
 * GET /staff/api/kb-search?q=…&lang=de|en — the ticket view's knowledge-base panel as JSON:
 * searches public AND internal articles (the staff index). Staff only: anonymous visitors are
 * sent to the log-in page, like every staff route. Each result says whether it is public (only
 * public articles may be linked in a reply to the customer) and carries its public URL.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/app.ts';
import { requireStaff } from '../../../lib/server/guard.ts';
import { isLang } from '../../../lib/languages.ts';
import { deskConfig } from '../../../actions/desk.ts';
import { articleUrl } from '../../../lib/server/desk-emails.ts';

/** One result of the staff knowledge-base search. */
export interface KbResult {
  slug: string;
  title: string;
  summary: string;
  lang: string;
  category: string;
  /** public articles can be sent to customers; internal ones only be linked for reuse. */
  audience: 'public' | 'internal';
  /** The article's public address (for the reply's Markdown link). */
  url: string;
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
  const { search, store } = app;
  const results: KbResult[] = [];
  if (query) {
    for (const hit of search.search(query, lang, { scope: 'staff', limit })) {
      const article = store.get(hit.slug);
      if (!article) continue;
      results.push({
        slug: article.slug,
        title: article.title,
        summary: article.summary,
        lang: article.lang,
        category: store.category(article.category).label[locals.lang],
        audience: article.audience,
        url: articleUrl(deskConfig(app), article.slug),
      });
    }
  }
  return Response.json({ query, lang, results }, { headers: { 'Cache-Control': 'private, no-store' } });
};
