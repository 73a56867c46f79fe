/**
 * A small in-memory cache of rendered public pages (home, categories, articles under
 * `/de/…` and `/en/…`), so that reading the knowledge base costs a map lookup instead of a
 * render. Entries are keyed by the URL's language, content version, search-index hash and
 * URL, so a content change or a new index can never serve an old page; they also expire
 * after a minute, which keeps view-based lists such as "most viewed" fresh. Each entry
 * keeps its body compressed once (brotli and gzip) and its ETag, so a hit costs no
 * compression and a revalidation is a `304`. Pages for signed-in staff are never cached.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLang, LANG_COOKIE, pickLangFromHeader, type Lang } from '../../languages.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { langOfPath } from '../../public-urls.ts';
import { addVary, isNotModified, pickVariant, type PrecompressedBody } from './compression.ts';

/** What identifies a cached page: the reader's language, the content and index versions, the URL. */
export function pageCacheKey(lang: Lang, contentVersion: number, indexHash: string, pathAndQuery: string): string {
  return `${lang}|${contentVersion}|${indexHash}|${pathAndQuery}`;
}

/**
 * The path and query a page is cached under: the visit id that search results pass on to
 * the article (`?visit=`, see analytics.ts) does not change the page, so it is left out.
 */
export function cachePath(url: URL): string {
  if (!url.searchParams.has('visit')) return url.pathname + url.search;
  const params = new URLSearchParams(url.search);
  params.delete('visit');
  const search = params.toString();
  return url.pathname + (search ? `?${search}` : '');
}

/** A percent-encoded text decoded, or null when it is not valid percent-encoding (`%`, `%E0%A4%A`). */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** A cookie's value from a raw Cookie header, or null (also when the value is not valid percent-encoding). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim());
  }
  return null;
}

/**
 * The URL of a raw request target, or null when it is not an origin-form path that parses
 * (`//`, `//%`, `//:99999` and absolute or `*` targets give null). Never throws.
 */
export function parseRequestPath(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return null;
  }
}

/** The reader's language from the language cookie, else Accept-Language, else English. */
export function readerLang(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Lang {
  return isLang(cookie) ? cookie : (pickLangFromHeader(acceptLanguage ?? null) ?? 'en');
}

/** The language a request is served in: the URL's (`/de/…`) when it has one, else the reader's. */
export function requestLang(pathname: string, cookie: string | null | undefined, acceptLanguage: string | null | undefined): Lang {
  return langOfPath(pathname) ?? readerLang(cookie, acceptLanguage);
}

/** Cache-Control of public HTML: any cache may keep it, but must ask again (ETag) before reuse. */
export const PUBLIC_HTML_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** A rendered page ready to send again. */
export interface CachedPage {
  body: PrecompressedBody;
  status: number;
  headers: [string, string][];
  expires: number;
}

const MAX_ENTRIES = 1000;
const TTL_MS = 60_000;

/** Paths whose rendering depends only on the URL and the content. */
const CACHEABLE = /^\/(?:de|en)\/(?:$|articles\/|categories\/)/;

/** True when a request's page may come from the cache. */
export function isCacheableRequest(method: string, pathname: string): boolean {
  return method === 'GET' && CACHEABLE.test(pathname);
}

/** Least-recently-used cache of rendered pages with a time to live. */
/** `Extra`: what a user of the cache keeps beside a page (the search page: its result count). */
export class PageCache<Extra extends object = Record<never, never>> {
  private entries = new Map<string, CachedPage & Extra>();

  /** The page for a key, or null when absent or expired. */
  get(key: string, now = Date.now()): (CachedPage & Extra) | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (entry.expires <= now) return null;
    this.entries.set(key, entry); // most recently used last
    return entry;
  }

  /** Forgets every page (another instance changed what pages show: platform/instance-sync.ts). */
  clear(): void {
    this.entries.clear();
  }

  /** Stores a page, evicting the least recently used one when full. */
  set(key: string, page: Omit<CachedPage, 'expires'> & Extra, now = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...page, expires: now + TTL_MS });
  }
}

/** What the fast path needs from the running portal. */
export interface FastPathContext {
  pages: PageCache;
  /** Current content version and index hash (part of every key). */
  versions(): { content: number; index: string };
  /** Called for every page served from the cache (counts article views). */
  onHit(url: URL, lang: Lang): void;
}

/**
 * Serves a cached public page straight from Node's request, before the framework's routing
 * and rendering run; returns false when the request is not a cache hit. The middleware fills
 * the cache with the same keys. Requests with a staff session cookie never take this path.
 * Total: any request target, cookie or header it cannot read makes it return false (the
 * framework then answers), never throw.
 */
export function serveFromPageCache(context: FastPathContext, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const cookies = req.headers.cookie;
  if (cookies?.includes('tz_session=')) return false;
  const url = parseRequestPath(req.url);
  if (!url || !CACHEABLE.test(url.pathname)) return false;
  const lang = requestLang(url.pathname, readCookie(cookies, LANG_COOKIE), req.headers['accept-language']);
  const { content, index } = context.versions();
  const page = context.pages.get(pageCacheKey(lang, content, index, cachePath(url)));
  if (!page) return false;
  if (page.status === 200) context.onHit(url, lang);
  sendCachedPage(page, req, res);
  return true;
}

/** Sends a cached page as the request asks for it: compressed, or `304` when the client's copy is current. */
export function sendCachedPage(page: Omit<CachedPage, 'expires'>, req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of page.headers) headers[name.toLowerCase()] = value;
  for (const [name, value] of SECURITY_HEADERS) headers[name.toLowerCase()] ??= value;
  headers.vary = addVary(headers.vary ?? 'Cookie', 'Accept-Encoding');
  headers.etag = page.body.etag;
  if (page.status === 200 && isNotModified(req.headers['if-none-match'], page.body.etag)) {
    delete headers['content-type'];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const { bytes, encoding } = pickVariant(page.body, req.headers['accept-encoding']);
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(bytes.length);
  res.writeHead(page.status, headers);
  res.end(bytes);
}

/** Where the portal registers its fast path for the server script (scripts/serve.ts). */
export const FAST_PATH_KEY = Symbol.for('tierzero.pageCacheFastPath');
