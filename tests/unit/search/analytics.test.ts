/**
 * Level-0 measurements: the search log (normalised, nothing empty), result clicks and
 * article views with "most viewed".
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import {
  ViewRecorder,
  logSearch,
  logSearchClick,
  mostViewedSlugs,
  normalizeQuery,
  recordArticleRequest,
  recordArticleView,
} from '../../../src/lib/server/search/analytics.ts';
import { waitFor } from '../helpers.ts';
import { useTempDb } from '../support/temp-db.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 9, 14, 12);

let db: Db;

useTempDb((temp) => ({ db } = temp));

describe('normalizeQuery', () => {
  it('lower-cases, trims and collapses white space', () => {
    expect(normalizeQuery('  Passwort   ZURÜCKSETZEN\t\n')).toBe('passwort zurücksetzen');
  });

  it('composes decomposed umlauts so that both spellings count once', () => {
    expect(normalizeQuery('Gebu\u0308hr')).toBe(normalizeQuery('Gebühr'));
  });

  it('cuts very long queries', () => {
    expect(normalizeQuery('a'.repeat(500))).toHaveLength(200);
  });
});

describe('logSearch', () => {
  const rows = () => db.prepare('SELECT query, lang, result_count, source, created_at FROM search_log ORDER BY id').all();

  it('stores the normalised query with language, result count, source and time', () => {
    logSearch(db, { query: '  Rechnung   Stornieren ', lang: 'de', resultCount: 3, source: 'instant', at: NOW });
    logSearch(db, { query: 'missing topic', lang: 'en', resultCount: 0, source: 'page', at: NOW + 1 });
    expect(rows()).toEqual([
      { query: 'rechnung stornieren', lang: 'de', result_count: 3, source: 'instant', created_at: NOW },
      { query: 'missing topic', lang: 'en', result_count: 0, source: 'page', created_at: NOW + 1 },
    ]);
  });

  it('skips empty and blank queries', () => {
    logSearch(db, { query: '', lang: 'de', resultCount: 0, source: 'page' });
    logSearch(db, { query: ' \t\n ', lang: 'en', resultCount: 0, source: 'instant' });
    expect(rows()).toEqual([]);
  });

  it('uses the current time when none is given', () => {
    const before = Date.now();
    logSearch(db, { query: 'x', lang: 'en', resultCount: 1, source: 'ticket-form' });
    const [row] = rows() as { created_at: number }[];
    expect(row.created_at).toBeGreaterThanOrEqual(before);
    expect(row.created_at).toBeLessThanOrEqual(Date.now());
  });
});

describe('logSearchClick', () => {
  it('stores the normalised query and the opened article', () => {
    logSearchClick(db, { query: ' Reset  PASSWORD', slug: 'reset-password', lang: 'en', at: NOW });
    expect(db.prepare('SELECT query, article_slug, lang, created_at FROM search_click').all()).toEqual([
      { query: 'reset password', article_slug: 'reset-password', lang: 'en', created_at: NOW },
    ]);
  });

  it('skips clicks without a query', () => {
    logSearchClick(db, { query: '   ', slug: 'reset-password', lang: 'en' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM search_click').get()).toEqual({ n: 0 });
  });
});

describe('article views', () => {
  it('counts views per article and day', () => {
    recordArticleView(db, 'a', NOW);
    recordArticleView(db, 'a', NOW + 1000);
    recordArticleView(db, 'a', NOW - DAY);
    expect(db.prepare('SELECT article_slug, views FROM article_view ORDER BY day').all()).toEqual([
      { article_slug: 'a', views: 1 },
      { article_slug: 'a', views: 2 },
    ]);
  });

  it('lists the most viewed articles first, ties by slug, up to the limit', () => {
    for (let i = 0; i < 3; i++) recordArticleView(db, 'popular', NOW);
    recordArticleView(db, 'tie-b', NOW);
    recordArticleView(db, 'tie-b', NOW - DAY);
    recordArticleView(db, 'tie-a', NOW);
    recordArticleView(db, 'tie-a', NOW);
    recordArticleView(db, 'rare', NOW);
    expect(mostViewedSlugs(db, 10, 30, NOW)).toEqual([
      { slug: 'popular', views: 3 },
      { slug: 'tie-a', views: 2 },
      { slug: 'tie-b', views: 2 },
      { slug: 'rare', views: 1 },
    ]);
    expect(mostViewedSlugs(db, 2, 30, NOW).map((row) => row.slug)).toEqual(['popular', 'tie-a']);
  });

  it('counts only the views of the last days', () => {
    for (let i = 0; i < 5; i++) recordArticleView(db, 'old', NOW - 40 * DAY);
    recordArticleView(db, 'recent', NOW - 2 * DAY);
    expect(mostViewedSlugs(db, 10, 30, NOW)).toEqual([{ slug: 'recent', views: 1 }]);
    expect(mostViewedSlugs(db, 10, 60, NOW)).toEqual([
      { slug: 'old', views: 5 },
      { slug: 'recent', views: 1 },
    ]);
  });

  it('is empty without views', () => {
    expect(mostViewedSlugs(db, 5)).toEqual([]);
  });
});

describe('ViewRecorder', () => {
  it('buffers views and writes them in one go on flush', () => {
    const views = new ViewRecorder(db);
    views.add('a');
    views.add('a');
    views.add('b');
    expect(mostViewedSlugs(db, 10, 30, NOW)).toEqual([]);
    views.flush(NOW);
    expect(mostViewedSlugs(db, 10, 30, NOW)).toEqual([
      { slug: 'a', views: 2 },
      { slug: 'b', views: 1 },
    ]);
  });

  it('adds to the views already counted that day', () => {
    recordArticleView(db, 'a', NOW);
    const views = new ViewRecorder(db);
    views.add('a');
    views.flush(NOW);
    views.flush(NOW); // nothing pending: no change
    expect(mostViewedSlugs(db, 10, 30, NOW)).toEqual([{ slug: 'a', views: 2 }]);
  });

  it('writes by itself within a few seconds', async () => {
    const views = new ViewRecorder(db);
    views.add('auto');
    await waitFor('the buffered view to be written', () => mostViewedSlugs(db, 10).length === 1, 5000);
    expect(mostViewedSlugs(db, 10)).toEqual([{ slug: 'auto', views: 1 }]);
  });
});

describe('recordArticleRequest', () => {
  it('counts a view of an article page, and a click when it came from search', () => {
    const views = new ViewRecorder(db);
    recordArticleRequest(db, views, new URL('http://kb.example/en/articles/billing/reset-password?q=Reset%20%20Password'), 'en');
    recordArticleRequest(db, views, new URL('http://kb.example/de/articles/umlaut-%C3%BC'), 'de');
    views.flush(NOW);
    expect(mostViewedSlugs(db, 10, 30, NOW)).toEqual([
      { slug: 'billing/reset-password', views: 1 },
      { slug: 'umlaut-ü', views: 1 },
    ]);
    expect(db.prepare('SELECT query, article_slug, lang FROM search_click').all()).toEqual([
      { query: 'reset password', article_slug: 'billing/reset-password', lang: 'en' },
    ]);
  });

  it('ignores pages that are not articles', () => {
    const views = new ViewRecorder(db);
    recordArticleRequest(db, views, new URL('http://kb.example/en/search?q=password'), 'en');
    recordArticleRequest(db, views, new URL('http://kb.example/en/categories/account'), 'en');
    views.flush(NOW);
    expect(mostViewedSlugs(db, 10, 30, NOW)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM search_click').get()).toEqual({ n: 0 });
  });
});
