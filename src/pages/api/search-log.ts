/**
 * POST /api/search-log {"q": "…", "lang": "de"|"en", "visit"?: "<visit id>"} — records a query
 * the reader settled on in instant search, with the tab's random visit id when given. The result count is computed here, not trusted from the browser.
 * Limited per client address (search/analytics-limits.ts: 429 beyond it); a visit's repeated query counts once.
 */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { getApp } from '../../lib/server/platform/app.ts';
import { ANALYTICS_RATE_LIMIT, TRUSTED_PROXIES } from 'astro:env/server';
import { analyticsLimits, mayRecordAnalytics } from '../../lib/server/search/analytics-limits.ts';
import { clientAddressOf, parseTrustedProxies } from '../../lib/server/platform/client-address.ts';
import { LANGS } from '../../lib/languages.ts';

const bodySchema = z.object({ q: z.string().trim().min(1).max(200), lang: z.enum(LANGS), visit: z.string().max(100).nullish() });

export const POST: APIRoute = async (context) => {
  const { request } = context;
  let parsed;
  try {
    parsed = bodySchema.safeParse(JSON.parse(await request.text()));
  } catch {
    return Response.json({ error: 'body must be JSON: {"q": "…", "lang": "de"|"en"}' }, { status: 400 });
  }
  if (!parsed.success) return Response.json({ error: 'q (1–200 characters) and lang (de or en) are required' }, { status: 400 });
  if (!mayRecordAnalytics('searches', clientAddressOf(context, parseTrustedProxies(TRUSTED_PROXIES)), analyticsLimits(ANALYTICS_RATE_LIMIT))) {
    return Response.json({ error: 'too many searches logged from this address; try again later' }, { status: 429, headers: { 'Retry-After': '600' } });
  }
  const { search, searchLog } = await getApp();
  const resultCount = search.search(parsed.data.q, parsed.data.lang, { limit: 100 }).length;
  searchLog.add({ query: parsed.data.q, lang: parsed.data.lang, resultCount, source: 'instant', visitId: parsed.data.visit });
  return new Response(null, { status: 204 });
};
