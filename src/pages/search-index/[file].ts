/**
 * GET /search-index/<lang>-<hash>.json — the serialised public index of one language for
 * instant search. The URL changes with the content, so the file is cached forever; an
 * outdated hash is a 404 and the browser falls back to the JSON endpoint.
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
  const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
  const brotli = encoding === 'br' ? await shipped.brotli.catch(() => null) : null;
  if (brotli) return new Response(new Uint8Array(brotli), { headers: { ...headers, 'Content-Encoding': 'br' } });
  if (encoding) return new Response(new Uint8Array(shipped.gzipped), { headers: { ...headers, 'Content-Encoding': 'gzip' } });
  return new Response(shipped.json, { headers });
};
