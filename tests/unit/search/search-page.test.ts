/**
 * The search page's request rules (search-page.ts): what a search page address asks for,
 * when a request is logged as a search (also when the page comes from the cache), and what
 * a cached page is keyed on (never the visit id, always content, index and phrasings).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  recordPageSearch,
  searchPageBody,
  searchPageCache,
  searchPageCacheKey,
  searchPageParams,
  serveSearchPageFromCache,
} from '../../../src/lib/server/search/search-page.ts';
import type { SearchLogEntry } from '../../../src/lib/server/search/analytics.ts';

const url = (path: string): URL => new URL(`http://localhost${path}`);

describe('searchPageParams', () => {
  it('reads the query (trimmed, at most 200 characters) and the page (1 to 10)', () => {
    expect(searchPageParams(url('/de/search?q=%20Rechnung%20'))).toEqual({ query: 'Rechnung', page: 1 });
    expect(searchPageParams(url(`/de/search?q=${'x'.repeat(300)}&page=3`)).query).toHaveLength(200);
    expect(searchPageParams(url('/de/search?q=a&page=99')).page).toBe(10);
    expect(searchPageParams(url('/de/search?q=a&page=nope')).page).toBe(1);
  });
});

describe('recordPageSearch', () => {
  const record = (overrides: Partial<Parameters<typeof recordPageSearch>[1]>): SearchLogEntry[] => {
    const added: SearchLogEntry[] = [];
    recordPageSearch({ add: (entry) => added.push(entry) }, { query: 'rechnung', lang: 'de', page: 1, resultCount: 3, visitId: null, client: `client-${Math.random()}`, searchesPer10Minutes: 2, ...overrides });
    return added;
  };

  it('logs the first page of a query with its result count and visit', () => {
    expect(record({ visitId: 'a'.repeat(32) })).toEqual([{ query: 'rechnung', lang: 'de', resultCount: 3, source: 'page', visitId: 'a'.repeat(32) }]);
  });

  it('does not log an empty query or a further page', () => {
    expect(record({ query: '' })).toEqual([]);
    expect(record({ page: 2 })).toEqual([]);
  });

  it('stops at the client’s analytics limit', () => {
    const client = `limited-${Math.random()}`;
    expect([1, 2, 3].flatMap(() => record({ client, searchesPer10Minutes: 2 }))).toHaveLength(2);
  });
});

describe('searchPageCacheKey', () => {
  const versions = { lang: 'de' as const, content: 4, index: 'abc', phrasings: 1 };

  it('is the same for every visit id, so one rendered page serves every visit', () => {
    expect(searchPageCacheKey(versions, url(`/de/search?q=a&visit=${'b'.repeat(32)}`))).toBe(searchPageCacheKey(versions, url('/de/search?q=a')));
  });

  it('changes with the query, the filters, the page, the content, the index and the phrasings', () => {
    const key = searchPageCacheKey(versions, url('/de/search?q=a'));
    for (const other of [
      searchPageCacheKey(versions, url('/de/search?q=b')),
      searchPageCacheKey(versions, url('/de/search?q=a&category=billing')),
      searchPageCacheKey(versions, url('/de/search?q=a&page=2')),
      searchPageCacheKey({ ...versions, content: 5 }, url('/de/search?q=a')),
      searchPageCacheKey({ ...versions, index: 'abd' }, url('/de/search?q=a')),
      searchPageCacheKey({ ...versions, phrasings: 2 }, url('/de/search?q=a')),
      searchPageCacheKey({ ...versions, lang: 'en' }, url('/de/search?q=a')),
    ]) {
      expect(other).not.toBe(key);
    }
  });
});

describe('serveSearchPageFromCache', () => {
  const versions = { content: 1, index: 'i', phrasings: 0 };
  const fakeRequest = (path: string, headers: Record<string, string> = {}): IncomingMessage =>
    ({ method: 'GET', url: path, headers: { 'accept-encoding': 'br', ...headers }, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;
  const fakeResponse = (): ServerResponse & { sent: { status: number; headers: Record<string, string>; body?: Buffer } } => {
    const response = {
      sent: { status: 0, headers: {} as Record<string, string>, body: undefined as Buffer | undefined },
      writeHead(status: number, headers: Record<string, string>) {
        response.sent.status = status;
        response.sent.headers = headers;
      },
      end(body?: Buffer) {
        response.sent.body = body;
      },
    };
    return response as unknown as ServerResponse & { sent: typeof response.sent };
  };

  it('answers a cached search page, compressed, and logs the search with the visit id', () => {
    const path = `/de/search?q=fastpath-${Math.random()}`;
    const html = `<!doctype html><p>${'Ergebnis '.repeat(300)}</p>`;
    searchPageCache.set(searchPageCacheKey({ lang: 'de', ...versions }, new URL(`http://localhost${path}`)), { body: searchPageBody(html, null), status: 200, headers: [['content-type', 'text/html']], resultCount: 7 });
    const added: SearchLogEntry[] = [];
    const context = { versions: () => versions, searchLog: { add: (entry: SearchLogEntry) => added.push(entry) }, searchesPer10Minutes: 100, trustedProxies: new Set<string>() };
    const response = fakeResponse();
    expect(serveSearchPageFromCache(context, fakeRequest(`${path}&visit=${'c'.repeat(32)}`), response)).toBe(true);
    expect(response.sent.status).toBe(200);
    expect(response.sent.headers['content-encoding']).toBe('br');
    expect(added).toEqual([{ query: path.split('q=')[1], lang: 'de', resultCount: 7, source: 'page', visitId: 'c'.repeat(32) }]);
  });

  it('leaves signed-in staff, other pages and searches not yet rendered to the framework', () => {
    const context = { versions: () => versions, searchLog: { add: () => {} }, searchesPer10Minutes: 100, trustedProxies: new Set<string>() };
    expect(serveSearchPageFromCache(context, fakeRequest(`/de/search?q=never-${Math.random()}`), fakeResponse())).toBe(false);
    expect(serveSearchPageFromCache(context, fakeRequest('/de/articles/x'), fakeResponse())).toBe(false);
    expect(serveSearchPageFromCache(context, fakeRequest('/de/search?q=a', { cookie: 'tz_session=abc' }), fakeResponse())).toBe(false);
  });
});
