/**
 * GET /staff/api/kb-search?q=…&lang=de|en — the ticket view's knowledge-base panel as JSON:
 * searches public AND internal articles and the training pages (the staff index). Staff only: anonymous visitors are
 * sent to the log-in page, like every staff route. Each result says whether it is public (only
 * public articles may be linked in a reply to the customer), where staff read it, and for public
 * articles the address sent to customers (`searchKnowledgeBase`).
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { isLang } from '../../../lib/languages.ts';
import { searchKnowledgeBase } from '../../../lib/server/search/kb-search.ts';

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context);
  if (user instanceof Response) return user;
  const { url, locals } = context;
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const requested = url.searchParams.get('lang');
  const lang = isLang(requested) ? requested : locals.lang;
  const limit = Math.max(1, Math.min(30, Number.parseInt(url.searchParams.get('limit') ?? '8', 10) || 8));
  const results = searchKnowledgeBase(await getApp(), query, { lang, readerLang: locals.lang, limit });
  return Response.json({ query, lang, results }, { headers: { 'Cache-Control': 'private, no-store' } });
};
