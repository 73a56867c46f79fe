/**
 * GET /api/did-you-mean?q=… — the spelling suggestion for an instant search that found
 * nothing, as JSON `{ query, suggestion }` (suggestion null when there is none). Built from
 * the public, validated articles only (see search/did-you-mean.ts); asked only after the
 * shipped index found nothing, so it costs one small request per dead end.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../lib/server/platform/app.ts';
import { didYouMean } from '../../lib/server/search/did-you-mean.ts';

export const GET: APIRoute = async ({ url }) => {
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const { store } = await getApp();
  const suggestion = query.length >= 2 ? didYouMean(store, query) : null;
  return Response.json({ query, suggestion }, { headers: { 'Cache-Control': 'public, max-age=60' } });
};
