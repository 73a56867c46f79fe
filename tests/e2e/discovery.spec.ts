/**
 * What search engines see: a crawler (no JavaScript, no cookie) finds each language under
 * its own URL; hreflang pairs are symmetric; the sitemap lists exactly the public validated
 * articles and nothing internal, draft or archived appears in the sitemap, feeds or
 * alternates; pages come compressed and revalidate with 304.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { hiddenArticles, readArticles } from './support/content.ts';

/** The hreflang → URL map in a page's head. */
async function hreflangOf(request: APIRequestContext, url: string): Promise<Record<string, string>> {
  const html = await (await request.get(url, { headers: { 'Accept-Language': '' } })).text();
  const head = html.slice(0, html.indexOf('</head>'));
  return Object.fromEntries([...head.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]));
}

test('a crawler without cookie or JavaScript finds each language under its own URL', async ({ playwright, baseURL }) => {
  const crawler = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'Accept-Language': '' } });
  const root = await crawler.get('/', { maxRedirects: 0 });
  expect(root.status()).toBe(302);
  expect(root.headers().location).toBe('/en/');
  const german = await crawler.get('/', { maxRedirects: 0, headers: { 'Accept-Language': 'de-DE,de;q=0.9' } });
  expect(german.headers().location).toBe('/de/');
  for (const lang of ['de', 'en']) {
    const html = await (await crawler.get(`/${lang}/`)).text();
    expect(html).toContain(`<html lang="${lang}"`);
    expect(html).toContain(`<link rel="canonical" href="${baseURL}/${lang}/"`);
    expect(html).toMatch(/<meta name="description" content="[^"]+"/);
    expect(html).toContain('<meta property="og:title"');
  }
  const article = await (await crawler.get('/de/articles/datev-export-erstellen?q=datev')).text();
  expect(article).toContain('<html lang="de"');
  // The search that led here is not part of the page's address.
  expect(article).toContain(`<link rel="canonical" href="${baseURL}/de/articles/datev-export-erstellen"`);
  expect(article).toContain('"@type":"BreadcrumbList"');
  expect(article).toContain('"@type":"Article"');
  await crawler.dispose();
});

test('hreflang pairs are symmetric, with x-default', async ({ request }) => {
  for (const start of ['/en/', '/de/categories/export', '/en/articles/reset-password', '/de/articles/datev-export-erstellen', '/de/articles/gobd-konforme-archivierung']) {
    const links = await hreflangOf(request, start);
    expect(links['x-default'], start).toBeTruthy();
    for (const lang of ['de', 'en'] as const) {
      if (!links[lang]) continue;
      expect(await hreflangOf(request, new URL(links[lang]).pathname), `${start} → ${lang}`).toEqual(links);
    }
  }
});

test('the sitemap lists exactly the public validated articles; robots.txt and the feeds agree', async ({ request, baseURL }) => {
  const xml = await (await request.get('/sitemap.xml')).text();
  const listed = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  const expected = readArticles()
    .filter((article) => article.audience === 'public' && article.status === 'validated')
    .map((article) => `/${article.lang}/articles/${article.slug}`)
    .sort();
  expect(listed.filter((url) => url.includes('/articles/')).sort()).toEqual(expected);
  expect(listed).toContain('/de/categories/export');
  expect(xml).toContain('<lastmod>');
  expect(xml).toContain('hreflang="x-default"');
  for (const hidden of [...hiddenArticles(), ...readArticles().filter((a) => a.status === 'archived')]) expect(xml, hidden.slug).not.toContain(`/${hidden.slug}<`);

  expect(await (await request.get('/robots.txt')).text()).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
  for (const lang of ['de', 'en']) {
    const feed = await request.get(`/${lang}/feed.xml`);
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
    const text = await feed.text();
    for (const hidden of [...hiddenArticles(), ...readArticles().filter((a) => a.status === 'archived')]) expect(text, hidden.slug).not.toContain(`/articles/${hidden.slug}<`);
  }
});

test('pages, styles and scripts come compressed; public pages revalidate with 304', async ({ request }) => {
  const first = await request.get('/de/', { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(first.headers()['content-encoding']).toBe('br');
  expect(first.headers().vary).toContain('Accept-Encoding');
  const etag = first.headers().etag;
  expect(etag).toBeTruthy();
  // Twice: the second answer comes from the page cache's fast path.
  for (let i = 0; i < 2; i++) {
    const again = await request.get('/de/', { headers: { 'If-None-Match': etag, 'Accept-Encoding': 'br, gzip' } });
    expect(again.status()).toBe(304);
  }
  const gzip = await request.get('/de/', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gzip.headers()['content-encoding']).toBe('gzip');
  expect(await gzip.text()).toContain('<html lang="de"');

  const html = await first.text();
  for (const asset of [...new Set(html.match(/\/_astro\/[^"]+\.(?:css|js)/g) ?? [])]) {
    const response = await request.get(asset, { headers: { 'Accept-Encoding': 'br' } });
    expect(response.status(), asset).toBe(200);
    // Only files under 1 KB are sent as they are.
    if (response.headers()['content-encoding'] !== 'br') expect((await response.body()).length, asset).toBeLessThan(1024);
    expect(response.headers()['cache-control'], asset).toContain('immutable');
  }
  const search = await request.get('/de/search?q=rechnung', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(search.headers()['content-encoding']).toBe('gzip');
  const api = await request.get('/api/search?q=rechnung&lang=de', { headers: { 'Accept-Encoding': 'br' } });
  expect(api.headers()['content-encoding']).toBe('br');
});
