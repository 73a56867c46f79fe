/**
 * GET /search-index/<lang>-<hash>.json — the serialised public index of one language for
 * instant search. The URL changes with the content, so the file is cached forever; an
 * outdated hash is a 404 and the browser falls back to the JSON endpoint. Brotli is sent once
 * the background compression of the current index is done, gzip until then (never a wait).
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../lib/server/platform/app.ts';
import { negotiateEncoding } from '../../lib/server/platform/compression.ts';
import { LANGS } from '../../lib/languages.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const { search } = await getApp();
  const shipped = LANGS.map((lang) => search.shippedIndex()?.langs[lang]).find((file) => file?.url === `/search-index/${params.file}`);
  if (!shipped || !shipped.shippable) {
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'public, max-age=31536000, immutable',
    Vary: 'Accept-Encoding',
  };
  const accept = request.headers.get('accept-encoding');
  const encoding = negotiateEncoding(accept);
  // Brotli only once it is made: a new index is never held back for it (gzip is sent meanwhile).
  if (encoding === 'br' && shipped.brotliReady) return new Response(new Uint8Array(shipped.brotliReady), { headers: { ...headers, 'Content-Encoding': 'br' } });
  const withoutBrotli = (accept ?? '').split(',').filter((part) => part.split(';')[0].trim().toLowerCase() !== 'br').join(',');
  if (encoding === 'gzip' || (encoding === 'br' && negotiateEncoding(withoutBrotli) === 'gzip')) {
    return new Response(new Uint8Array(shipped.gzipped), { headers: { ...headers, 'Content-Encoding': 'gzip' } });
  }
  return new Response(shipped.json, { headers });
};
