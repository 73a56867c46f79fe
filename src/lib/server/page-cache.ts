/**
 * A small in-memory cache of rendered public pages (home, categories, articles), so that
 * reading the knowledge base costs a map lookup instead of a render. Entries are keyed by
 * language, content version, search-index hash and URL, so a content change or a new
 * index can never serve an old page; they also expire after a minute, which keeps
 * view-based lists such as "most viewed" fresh. Pages for signed-in staff are never cached.
 */

/** A rendered page ready to send again. */
export interface CachedPage {
  body: string;
  status: number;
  headers: [string, string][];
  expires: number;
}

const MAX_ENTRIES = 1000;
const TTL_MS = 60_000;

/** Paths whose rendering depends only on the URL, the language and the content. */
const CACHEABLE = /^\/(?:$|articles\/|categories\/)/;

/** True when a request's page may come from the cache. */
export function isCacheableRequest(method: string, pathname: string): boolean {
  return method === 'GET' && CACHEABLE.test(pathname);
}

/** Least-recently-used cache of rendered pages with a time to live. */
export class PageCache {
  private entries = new Map<string, CachedPage>();

  /** The page for a key, or null when absent or expired. */
  get(key: string, now = Date.now()): CachedPage | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (entry.expires <= now) return null;
    this.entries.set(key, entry); // most recently used last
    return entry;
  }

  /** Stores a page, evicting the least recently used one when full. */
  set(key: string, page: Omit<CachedPage, 'expires'>, now = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...page, expires: now + TTL_MS });
  }
}
