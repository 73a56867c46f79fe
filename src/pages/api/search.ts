/**
 * GET /api/search?q=…&lang=de|en&limit=… — public search as JSON, for instant search when
 * the index is too large to ship. Not logged: the browser reports settled queries itself.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../lib/server/platform/app.ts';
import { isLang } from '../../lib/languages.ts';

export const GET: APIRoute = async ({ url, locals }) => {
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const requested = url.searchParams.get('lang');
  const lang = isLang(requested) ? requested : locals.lang;
  const limit = Math.max(1, Math.min(50, Number.parseInt(url.searchParams.get('limit') ?? '10', 10) || 10));
  const { search, store } = await getApp();
  const results = query
    ? search.search(query, lang, { limit }).map((result) => ({
        slug: result.slug,
        title: result.title,
        snippet: result.snippet,
        lang: result.lang,
        category: store.category(result.category).label[lang],
      }))
    : [];
  return Response.json({ query, lang, results }, { headers: { 'Cache-Control': 'no-store' } });
};
