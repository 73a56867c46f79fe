/** GET /sitemap.xml — every public page in both languages, with lastmod and hreflang alternates. */
import type { APIRoute } from 'astro';
import { SITE_URL } from 'astro:env/server';
import { getApp } from '../lib/server/platform/app.ts';
import { sitemapXml } from '../lib/server/knowledge/discovery.ts';

export const GET: APIRoute = async () => {
  const { store } = await getApp();
  return new Response(await sitemapXml(store, SITE_URL), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  });
};
