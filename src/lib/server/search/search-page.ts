/**
 * The search page's request-level rules, shared by the page (/de/search, /en/search), the
 * middleware that keeps rendered result pages and answers repeated searches from them, and
 * the server script's fast path that does the same before the framework runs
 * (serveSearchPageFromCache, registered in platform/app.ts like the page cache's).
 *
 * Rules that always hold:
 * - every search is logged as the page logs it (first page only, once per visit and query,
 *   within the client's analytics limit), whether the answer was rendered or came from the
 *   cache: the cache saves the rendering, never the log entry;
 * - a cached page is the page for the same language, query, filters and page number, built
 *   from the same content, the same index and the same confirmed learned phrasings (all are
 *   part of the key), and it is at most a minute old (the "most read" list on a page without
 *   results may lag that long, as on the home page);
 * - the rendered page never contains the visit id: the browser's script adds it to the result
 *   links and the filter form (scripts/instant-search.ts), so one rendered page serves every
 *   visit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LANG_COOKIE, type Lang } from '../../languages.ts';
import { cachePath, PageCache, parseRequestPath, readCookie, requestLang, sendCachedPage } from '../platform/page-cache.ts';
import { clientAddressOf } from '../platform/client-address.ts';
import { VISIT_PARAM } from './analytics.ts';
import { parseVisitId } from './visits.ts';
import { compress, etagOf, MIN_COMPRESS_BYTES, negotiateEncoding, type PrecompressedBody } from '../platform/compression.ts';
import { analyticsLimits, mayRecordAnalytics } from './analytics-limits.ts';
import type { SearchLogEntry } from './analytics.ts';

/** The search page's path in either language. */
export const SEARCH_PAGE_PATH = /^\/(?:de|en)\/search$/;

/** Longest query the page searches for (longer input is cut). */
export const MAX_QUERY_LENGTH = 200;

/** The query and page number of a search page address, as the page reads them. */
export function searchPageParams(url: URL): { query: string; page: number } {
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH);
  const page = Math.max(1, Math.min(10, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  return { query, page };
}

/** Logs a search page request as a search: only the first page of a query counts, within the client's limit. */
export function recordPageSearch(
  searchLog: { add(entry: SearchLogEntry): void },
  request: { query: string; lang: Lang; page: number; resultCount: number; visitId: string | null; client: string; searchesPer10Minutes: number },
): void {
  const { query, lang, page, resultCount, visitId, client, searchesPer10Minutes } = request;
  if (!query || page !== 1) return;
  if (!mayRecordAnalytics('searches', client, analyticsLimits(searchesPer10Minutes))) return;
  searchLog.add({ query, lang, resultCount, source: 'page', visitId });
}

/** Rendered search pages, with the number of results each found (for the log entry of a repeat). */
export const searchPageCache = new PageCache<{ resultCount: number }>();

/** What a rendered search page depends on besides its address. */
export interface SearchPageVersions {
  lang: Lang;
  /** The article store's version. */
  content: number;
  /** The search index's hash. */
  index: string;
  /** The confirmed learned phrasings' version. */
  phrasings: number;
}

/** The cache key of a search page: its versions and its address without the visit id. */
export function searchPageCacheKey(versions: SearchPageVersions, url: URL): string {
  return `search|${versions.lang}|${versions.content}|${versions.index}|${versions.phrasings}|${cachePath(url)}`;
}

/**
 * A rendered search page as a cache body, compressed only as the request at hand asks (fast
 * settings, as for any page rendered per request): most searches are asked once, and
 * compressing each into both codings at the highest settings would cost more than the
 * rendering. `withVariant` adds a coding a later request asks for, once.
 */
export function searchPageBody(html: string, acceptEncoding: string | null): PrecompressedBody {
  const identity = Buffer.from(html);
  return withVariant({ identity, br: null, gzip: null, etag: etagOf(identity) }, acceptEncoding);
}

/** The body with the coding this request asks for made (once; kept in the cached body). */
export function withVariant(body: PrecompressedBody, acceptEncoding: string | null): PrecompressedBody {
  const encoding = negotiateEncoding(acceptEncoding);
  if (!encoding || body.identity.length < MIN_COMPRESS_BYTES || body[encoding]) return body;
  body[encoding] = compress(body.identity, encoding, false);
  return body;
}

/** What the server script's fast path needs to answer a repeated search (see serveSearchPageFromCache). */
export interface SearchFastPathContext {
  versions(): Omit<SearchPageVersions, 'lang'>;
  searchLog: { add(entry: SearchLogEntry): void };
  searchesPer10Minutes: number;
  trustedProxies: Set<string>;
}

/**
 * Answers a repeated public search straight from Node's request, before the framework's
 * routing and rendering (as the page cache's fast path does for articles), logging it as the
 * page would. Returns false when it is no cached public search page (the framework answers).
 * Total: anything it cannot read makes it return false, never throw.
 */
export function serveSearchPageFromCache(context: SearchFastPathContext, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const cookies = req.headers.cookie;
  if (cookies?.includes('tz_session=')) return false;
  const url = parseRequestPath(req.url);
  if (!url || !SEARCH_PAGE_PATH.test(url.pathname)) return false;
  const lang = requestLang(url.pathname, readCookie(cookies, LANG_COOKIE), req.headers['accept-language']);
  const page = searchPageCache.get(searchPageCacheKey({ lang, ...context.versions() }, url));
  if (!page) return false;
  const forwarded = req.headers['x-forwarded-for'];
  const headers = { get: (name: string): string | null => (name.toLowerCase() === 'x-forwarded-for' ? (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? null)) : null) };
  const client = clientAddressOf({ clientAddress: req.socket.remoteAddress ?? '', request: { headers } as unknown as Request }, context.trustedProxies);
  const { query, page: number } = searchPageParams(url);
  recordPageSearch(context.searchLog, { query, lang, page: number, resultCount: page.resultCount, visitId: parseVisitId(url.searchParams.get(VISIT_PARAM)), client, searchesPer10Minutes: context.searchesPer10Minutes });
  const accept = req.headers['accept-encoding'];
  sendCachedPage({ ...page, body: withVariant(page.body, Array.isArray(accept) ? accept.join(',') : (accept ?? null)) }, req, res);
  return true;
}
