/** GET /de/feed.xml, /en/feed.xml — Atom feed of the language's new and updated public articles. */
import type { APIRoute } from 'astro';
import { SITE_URL } from 'astro:env/server';
import { getApp } from '../../lib/server/platform/app.ts';
import { atomFeed } from '../../lib/server/knowledge/discovery.ts';
import { isLang } from '../../lib/languages.ts';
import { t } from '../../lib/i18n.ts';

export const GET: APIRoute = async ({ params }) => {
  const lang = params.lang;
  if (!isLang(lang)) return new Response('Not found', { status: 404 });
  const { store } = await getApp();
  const xml = atomFeed(store, lang, SITE_URL, { title: `${t(lang, 'site.name')}: ${t(lang, 'seo.feed')}`, description: t(lang, 'seo.feed.description'), siteName: t(lang, 'site.name') });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=600' } });
};
