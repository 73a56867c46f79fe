/**
 * GET /api/search?q=…&lang=de|en&limit=… — public search as JSON, for instant search when
 * the index is too large to ship. Not logged: the browser reports settled queries itself.
 * Compressed by the middleware like every text answer.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../lib/server/platform/app.ts';
import { isLang } from '../../lib/languages.ts';
import { searchApiBody } from '../../lib/server/search/search-api.ts';

export const GET: APIRoute = async ({ url, locals }) => {
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const requested = url.searchParams.get('lang');
  const lang = isLang(requested) ? requested : locals.lang;
  const limit = Math.max(1, Math.min(50, Number.parseInt(url.searchParams.get('limit') ?? '10', 10) || 10));
  const { search, store } = await getApp();
  return new Response(searchApiBody(search, store, query, lang, limit), {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
};
