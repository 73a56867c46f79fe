/**
 * Runs before every page: picks the reader's language, serves public pages from the page
 * cache, counts article views and adds security headers.
 * (Sessions and the signed-in user are added here by the support desk.)
 */
import { defineMiddleware } from 'astro:middleware';
import { isLang, LANG_COOKIE, pickLangFromHeader } from './lib/languages.ts';
import { getApp } from './lib/server/app.ts';
import { isCacheableRequest, PageCache } from './lib/server/page-cache.ts';
import { recordArticleRequest } from './lib/server/analytics.ts';

const pageCache = new PageCache();

const SECURITY_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'same-origin'],
  ['X-Frame-Options', 'DENY'],
];

function withHeaders(response: Response): Response {
  let result = response;
  try {
    result.headers.set(...SECURITY_HEADERS[0]);
  } catch {
    // Responses made by Response.redirect() have immutable headers: copy them.
    result = new Response(response.body, response);
  }
  for (const [name, value] of SECURITY_HEADERS) result.headers.set(name, value);
  if (!result.headers.has('Vary')) result.headers.set('Vary', 'Cookie, Accept-Language');
  return result;
}

export const onRequest = defineMiddleware(async (context, next) => {
  const { request, url, cookies, locals } = context;
  const chosen = cookies.get(LANG_COOKIE)?.value;
  locals.lang = isLang(chosen) ? chosen : (pickLangFromHeader(request.headers.get('accept-language')) ?? 'en');

  if (!isCacheableRequest(request.method, url.pathname)) return withHeaders(await next());

  const app = await getApp();
  const key = `${locals.lang}|${app.store.version}|${app.search.shippedIndex()?.hash ?? ''}|${url.pathname}${url.search}`;
  const cached = pageCache.get(key);
  if (cached) {
    if (cached.status === 200) recordArticleRequest(app.db, app.views, url, locals.lang);
    return withHeaders(new Response(cached.body, { status: cached.status, headers: cached.headers }));
  }

  const response = await next();
  if (response.status === 200) recordArticleRequest(app.db, app.views, url, locals.lang);
  if ((response.status !== 200 && response.status !== 404) || !response.headers.get('content-type')?.startsWith('text/html')) {
    return withHeaders(response);
  }
  const body = await response.text();
  const headers = [...response.headers.entries()].filter(([name]) => name.toLowerCase() !== 'set-cookie');
  pageCache.set(key, { body, status: response.status, headers });
  return withHeaders(new Response(body, { status: response.status, headers }));
});
