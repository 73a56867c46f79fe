/**
 * Runs before every page: picks the language (the URL's for `/de/…` and `/en/…`, else the
 * reader's), sends old unprefixed public URLs permanently to their language URL, resolves the
 * staff session cookie to `locals.user` / `locals.session`, serves public pages from the page
 * cache (compressed once, with ETag and `304`), compresses other text responses, counts
 * article views and adds security headers.
 *
 * Requests without a session cookie (the public) do no session work at all. Requests with one
 * never read or fill the page cache, so a signed-in page can never be served to someone else,
 * and their responses are marked `Cache-Control: private, no-store`.
 *
 * Around all of that: an action call Astro cannot parse is refused with a clear 4xx first
 * (action-request-guard.ts), and a request hit by a storage error (full or read-only disk)
 * is answered "temporarily unavailable" (503, Retry-After; storage-health.ts), in the
 * reader's language.
 */
import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { ANALYTICS_RATE_LIMIT, SITE_URL, TRUSTED_PROXIES } from 'astro:env/server';
import { LANG_COOKIE } from './lib/languages.ts';
import { getApp } from './lib/server/platform/app.ts';
import { cachePath, isCacheableRequest, pageCacheKey, PUBLIC_HTML_CACHE_CONTROL, readerLang, requestLang } from './lib/server/platform/page-cache.ts';
import { SECURITY_HEADERS } from './lib/server/platform/security-headers.ts';
import { addVary, compressResponse, isNotModified, pickVariant, precompress, type PrecompressedBody } from './lib/server/platform/compression.ts';
import { legacyRedirectTarget } from './lib/server/knowledge/legacy-urls.ts';
import { langOfPath } from './lib/public-urls.ts';
import { recordArticleRequest, VISIT_PARAM } from './lib/server/search/analytics.ts';
import { recordPageSearch, SEARCH_PAGE_PATH, searchPageBody, searchPageCache, searchPageCacheKey, searchPageParams, withVariant } from './lib/server/search/search-page.ts';
import { parseVisitId } from './lib/server/search/visits.ts';
import { clientAddressOf, parseTrustedProxies } from './lib/server/platform/client-address.ts';
import { isRoleActive } from './lib/server/desk/desk-config.ts';
import { refuseActionCall } from './lib/server/platform/action-request-guard.ts';
import { errorResponse } from './lib/server/platform/error-answer.ts';
import { isStorageError, noteStorageFailure, withStorageScope } from './lib/server/platform/storage-health.ts';
import { server as actions } from './actions/index.ts';
import { deleteSessionCookie, invalidateSession, SESSION_COOKIE, setSessionCookie, needsSecureCookie, validateSessionToken } from './lib/server/accounts/session.ts';


function withHeaders(response: Response, privatePage = false): Response {
  let result = response;
  try {
    result.headers.set(...SECURITY_HEADERS[0]);
  } catch {
    // Responses made by Response.redirect() have immutable headers: copy them.
    result = new Response(response.body, response);
  }
  // A page may ask for stricter values (the ticket status page sends no referrer at all).
  for (const [name, value] of SECURITY_HEADERS) if (!result.headers.has(name)) result.headers.set(name, value);
  if (!result.headers.has('Vary')) result.headers.set('Vary', 'Cookie, Accept-Language');
  // Staff pages and anything rendered for a signed-in user stay out of browser and proxy caches.
  if (privatePage) result.headers.set('Cache-Control', 'private, no-store');
  return result;
}

/** A cached or fresh public page as the request asked for it: compressed, or `304` when the client's copy is current. */
function sendPublicPage(request: Request, body: PrecompressedBody, status: number, headers: [string, string][]): Response {
  const out = new Headers(headers);
  out.set('ETag', body.etag);
  out.set('Vary', addVary(out.get('vary') ?? 'Cookie', 'Accept-Encoding'));
  if (status === 200 && isNotModified(request.headers.get('if-none-match'), body.etag)) {
    out.delete('content-type');
    return new Response(null, { status: 304, headers: out });
  }
  const { bytes, encoding } = pickVariant(body, request.headers.get('accept-encoding'));
  if (encoding) out.set('Content-Encoding', encoding);
  return new Response(new Uint8Array(bytes), { status, headers: out });
}

export const onRequest = defineMiddleware(async (context, next) => {
  const lang = readerLang(context.cookies.get(LANG_COOKIE)?.value, context.request.headers.get('accept-language'));
  const json = context.url.pathname.startsWith('/_actions/');
  const refused = await refuseActionCall(context.request, context.url, actions);
  if (refused !== null) return withHeaders(errorResponse(refused, lang, json));
  try {
    const { value, failed } = await withStorageScope(`${context.request.method} ${context.url.pathname}`, () => handle(context, next));
    return failed ? withHeaders(errorResponse(503, lang, json), true) : compressResponse(value, context.request.headers.get('accept-encoding'));
  } catch (error) {
    if (isStorageError(error)) {
      noteStorageFailure(`${context.request.method} ${context.url.pathname}`, error);
      return withHeaders(errorResponse(503, lang, json), true);
    }
    // The adapter's body limit (a chunked body without Content-Length that grew too large).
    if (error instanceof Error && /body size limit/i.test(error.message)) return withHeaders(errorResponse(413, lang, json));
    // A header value built from the request (a redirect target with CR, LF or NUL) is the request's fault.
    if (error instanceof TypeError && /invalid header value/i.test(error.message)) return withHeaders(errorResponse(400, lang, json));
    throw error;
  }
});

const handle = async (context: APIContext, next: MiddlewareNext): Promise<Response> => {
  const { request, url, cookies, locals } = context;
  locals.lang = requestLang(url.pathname, cookies.get(LANG_COOKIE)?.value, request.headers.get('accept-language'));
  locals.user = null;
  locals.session = null;

  // Old unprefixed public URLs (links in old e-mails, bookmarks, search engines) move for good.
  if (request.method === 'GET' || request.method === 'HEAD') {
    const pathLang = langOfPath(url.pathname);
    if (pathLang && url.pathname === `/${pathLang}`) return withHeaders(new Response(null, { status: 301, headers: { Location: `/${pathLang}/${url.search}` } }));
    if (!pathLang) {
      const target = legacyRedirectTarget(url, (await getApp()).store, readerLang(cookies.get(LANG_COOKIE)?.value, request.headers.get('accept-language')));
      if (target) return withHeaders(new Response(null, { status: 301, headers: { Location: target, Vary: 'Cookie, Accept-Language' } }));
    }
  }

  const token = cookies.get(SESSION_COOKIE)?.value;
  if (token !== undefined) {
    const app = await getApp();
    const secure = needsSecureCookie(url, SITE_URL);
    const valid = await validateSessionToken(app.database, token);
    if (valid && !isRoleActive(valid.user.role, app.config.levels)) {
      // Two-level mode: third-level accounts are switched off (the log-in page says why).
      await invalidateSession(app.database, valid.session.id);
      deleteSessionCookie(cookies, secure);
    } else if (valid) {
      locals.user = valid.user;
      locals.session = valid.session;
      if (valid.refreshed) setSessionCookie(cookies, token, valid.session.expiresAt, secure);
    } else {
      deleteSessionCookie(cookies, secure);
    }
    const response = await next();
    // Views by signed-in staff are work, not self-service: only the public's reading counts.
    if (!locals.user && response.status === 200 && isCacheableRequest(request.method, url.pathname)) {
      void recordArticleRequest(app.database, app.views, url, locals.lang);
    }
    return withHeaders(response, true);
  }

  if (request.method === 'GET' && SEARCH_PAGE_PATH.test(url.pathname)) return answerSearchPage(context, next);

  if (!isCacheableRequest(request.method, url.pathname)) {
    return withHeaders(await next(), url.pathname === '/staff' || url.pathname.startsWith('/staff/'));
  }

  const app = await getApp();
  const key = pageCacheKey(locals.lang, app.store.version, app.search.shippedIndex()?.hash ?? '', cachePath(url));
  const cached = app.pages.get(key);
  if (cached) {
    if (cached.status === 200) void recordArticleRequest(app.database, app.views, url, locals.lang);
    return withHeaders(sendPublicPage(request, cached.body, cached.status, cached.headers));
  }

  const response = await next();
  if (response.status === 200) void recordArticleRequest(app.database, app.views, url, locals.lang);
  // A rewrite (the 404 page) runs this middleware again inside; its answer may come compressed already: pass it on as it is.
  if ((response.status !== 200 && response.status !== 404) || !response.headers.get('content-type')?.startsWith('text/html') || response.headers.has('content-encoding')) {
    return withHeaders(response);
  }
  const body = precompress(await response.text());
  const headers = [...response.headers.entries()].filter(([name]) => name.toLowerCase() !== 'set-cookie');
  if (!response.headers.has('cache-control')) headers.push(['Cache-Control', PUBLIC_HTML_CACHE_CONTROL]);
  if (!response.headers.has('vary')) headers.push(['Vary', 'Cookie, Accept-Encoding']);
  app.pages.set(key, { body, status: response.status, headers });
  return withHeaders(sendPublicPage(request, body, response.status, headers));
};

/**
 * The public search page: a repeated search (same language, query, filters and page, same
 * content, index and phrasings) is answered from the rendered page and logged as the page
 * would log it (search-page.ts); a new one is rendered and kept.
 */
async function answerSearchPage(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const { request, url, locals } = context;
  const app = await getApp();
  const key = searchPageCacheKey(
    { lang: locals.lang, content: app.store.version, index: app.search.shippedIndex()?.hash ?? '', phrasings: app.search.phrasingsVersion },
    url,
  );
  const cached = searchPageCache.get(key);
  if (cached) {
    const { query, page } = searchPageParams(url);
    const client = clientAddressOf(context, parseTrustedProxies(TRUSTED_PROXIES));
    const visitId = parseVisitId(url.searchParams.get(VISIT_PARAM));
    recordPageSearch(app.searchLog, { query, lang: locals.lang, page, resultCount: cached.resultCount, visitId, client, searchesPer10Minutes: ANALYTICS_RATE_LIMIT });
    return withHeaders(sendPublicPage(request, withVariant(cached.body, request.headers.get('accept-encoding')), cached.status, cached.headers));
  }
  const response = await next();
  const resultCount = locals.searchResultCount;
  if (response.status !== 200 || resultCount === undefined || response.headers.has('set-cookie') || response.headers.has('content-encoding') || !response.headers.get('content-type')?.startsWith('text/html')) {
    return withHeaders(response);
  }
  const body = searchPageBody(await response.text(), request.headers.get('accept-encoding'));
  const headers = [...response.headers.entries()];
  searchPageCache.set(key, { body, status: 200, headers, resultCount });
  return withHeaders(sendPublicPage(request, body, 200, headers));
}
