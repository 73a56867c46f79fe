/** The cache of rendered public pages: what may be cached, expiry and eviction. */
import { describe, expect, it } from 'vitest';
import { PageCache, cachePath, isCacheableRequest, requestLang } from '../../../src/lib/server/platform/page-cache.ts';
import { precompress } from '../../../src/lib/server/platform/compression.ts';

const page = (body: string) => ({ body: precompress(body), status: 200, headers: [['content-type', 'text/html']] as [string, string][] });
const text = (entry: { body: { identity: Buffer } } | null) => entry?.body.identity.toString();

describe('isCacheableRequest', () => {
  it('caches GET requests for the home page, categories and articles of each language', () => {
    for (const lang of ['de', 'en']) {
      expect(isCacheableRequest('GET', `/${lang}/`)).toBe(true);
      expect(isCacheableRequest('GET', `/${lang}/articles/reset-password`)).toBe(true);
      expect(isCacheableRequest('GET', `/${lang}/categories/account`)).toBe(true);
    }
  });

  it('does not cache the language redirects or the old unprefixed addresses', () => {
    expect(isCacheableRequest('GET', '/')).toBe(false);
    expect(isCacheableRequest('GET', '/articles/reset-password')).toBe(false);
    expect(isCacheableRequest('GET', '/categories/account')).toBe(false);
    expect(isCacheableRequest('GET', '/fr/articles/reset-password')).toBe(false);
  });

  it('does not cache other methods or other pages', () => {
    expect(isCacheableRequest('POST', '/en/articles/reset-password')).toBe(false);
    expect(isCacheableRequest('HEAD', '/en/')).toBe(false);
    expect(isCacheableRequest('GET', '/en/search')).toBe(false);
    expect(isCacheableRequest('GET', '/api/search')).toBe(false);
    expect(isCacheableRequest('GET', '/en/contact')).toBe(false);
    expect(isCacheableRequest('GET', '/en/articlesx')).toBe(false);
  });
});

describe('requestLang', () => {
  it('takes the language from the URL before the cookie and Accept-Language', () => {
    expect(requestLang('/de/articles/x', 'en', 'en')).toBe('de');
    expect(requestLang('/en/', 'de', 'de-DE')).toBe('en');
    expect(requestLang('/tickets/new', 'de', 'en')).toBe('de');
    expect(requestLang('/tickets/new', null, 'de-CH,de;q=0.9')).toBe('de');
    expect(requestLang('/tickets/new', null, null)).toBe('en');
  });
});

describe('cachePath', () => {
  it('leaves the visit id out of the key, so that every visit shares one cached article', () => {
    const base = 'http://localhost';
    expect(cachePath(new URL('/articles/reset-password?q=reset&visit=0123456789abcdef0123456789abcdef', base))).toBe('/articles/reset-password?q=reset');
    expect(cachePath(new URL('/articles/reset-password?visit=0123456789abcdef0123456789abcdef', base))).toBe('/articles/reset-password');
    expect(cachePath(new URL('/articles/reset-password?q=a%20b', base))).toBe('/articles/reset-password?q=a%20b');
    expect(cachePath(new URL('/', base))).toBe('/');
  });
});

describe('PageCache', () => {
  it('returns a stored page until it expires after a minute', () => {
    const cache = new PageCache();
    cache.set('k', page('hello'), 1000);
    expect(cache.get('k', 1000 + 59_999)?.body.identity.toString()).toBe('hello');
    expect(cache.get('k', 1000 + 60_000)).toBeNull();
    // An expired entry is gone for good.
    expect(cache.get('k', 1000)).toBeNull();
  });

  it('returns null for unknown keys', () => {
    expect(new PageCache().get('nothing')).toBeNull();
  });

  it('evicts the least recently used page when full', () => {
    const cache = new PageCache();
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, page(String(i)), 0);
    // Reading k0 makes it recently used; k1 is now the oldest.
    expect(cache.get('k0', 0)?.body.identity.toString()).toBe('0');
    cache.set('new', page('new'), 0);
    expect(cache.get('k1', 0)).toBeNull();
    expect(cache.get('k0', 0)?.body.identity.toString()).toBe('0');
    expect(cache.get('k2', 0)?.body.identity.toString()).toBe('2');
    expect(cache.get('new', 0)?.body.identity.toString()).toBe('new');
  });
});
