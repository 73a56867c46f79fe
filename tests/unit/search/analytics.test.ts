/**
 * Level-0 measurements: the search log (normalised, nothing empty), result clicks and
 * article views with "most viewed".
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
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
import { ENGINES, useDatabase } from '../engines.ts';
import { emptyTables } from './tables.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 9, 14, 12);

describe('normalizeQuery', () => {
  it('lower-cases, trims and collapses white space', async () => {
    expect(normalizeQuery('  Passwort   ZURÜCKSETZEN\t\n')).toBe('passwort zurücksetzen');
  });

  it('composes decomposed umlauts so that both spellings count once', async () => {
    expect(normalizeQuery('Gebu\u0308hr')).toBe(normalizeQuery('Gebühr'));
  });

  it('cuts very long queries', async () => {
    expect(normalizeQuery('a'.repeat(500))).toHaveLength(200);
  });
});

describe.each(ENGINES)('search analytics on %s', (engine) => {
  const env = useDatabase(engine);
  let database: Database;
  beforeEach(async () => {
    database = env.current.database;
    await emptyTables(database);
  });
  describe('logSearch', () => {
    const rows = () => database.kysely.selectFrom('search_log').select(['query', 'lang', 'result_count', 'source', 'created_at']).orderBy('id').execute();

    it('stores the normalised query with language, result count, source and time', async () => {
      await logSearch(database, { query: '  Rechnung   Stornieren ', lang: 'de', resultCount: 3, source: 'instant', at: NOW });
      await logSearch(database, { query: 'missing topic', lang: 'en', resultCount: 0, source: 'page', at: NOW + 1 });
      expect(await rows()).toEqual([
        { query: 'rechnung stornieren', lang: 'de', result_count: 3, source: 'instant', created_at: NOW },
        { query: 'missing topic', lang: 'en', result_count: 0, source: 'page', created_at: NOW + 1 },
      ]);
    });

    it('skips empty and blank queries', async () => {
      await logSearch(database, { query: '', lang: 'de', resultCount: 0, source: 'page' });
      await logSearch(database, { query: ' \t\n ', lang: 'en', resultCount: 0, source: 'instant' });
      expect(await rows()).toEqual([]);
    });

    it('uses the current time when none is given', async () => {
      const before = Date.now();
      await logSearch(database, { query: 'x', lang: 'en', resultCount: 1, source: 'ticket-form' });
      const [row] = (await rows()) as { created_at: number }[];
      expect(row.created_at).toBeGreaterThanOrEqual(before);
      expect(row.created_at).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('logSearchClick', () => {
    it('stores the normalised query and the opened article', async () => {
      await logSearchClick(database, { query: ' Reset  PASSWORD', slug: 'reset-password', lang: 'en', at: NOW });
      expect(await database.kysely.selectFrom('search_click').select(['query', 'article_slug', 'lang', 'created_at']).execute()).toEqual([
        { query: 'reset password', article_slug: 'reset-password', lang: 'en', created_at: NOW },
      ]);
    });

    it('skips clicks without a query', async () => {
      await logSearchClick(database, { query: '   ', slug: 'reset-password', lang: 'en' });
      expect(await database.kysely.selectFrom('search_click').selectAll().execute()).toEqual([]);
    });
  });

  describe('article views', () => {
    it('counts views per article and day', async () => {
      await recordArticleView(database, 'a', NOW);
      await recordArticleView(database, 'a', NOW + 1000);
      await recordArticleView(database, 'a', NOW - DAY);
      expect(await database.kysely.selectFrom('article_view').select(['article_slug', 'views']).orderBy('day').execute()).toEqual([
        { article_slug: 'a', views: 1 },
        { article_slug: 'a', views: 2 },
      ]);
    });

    it('lists the most viewed articles first, ties by slug, up to the limit', async () => {
      for (let i = 0; i < 3; i++) await recordArticleView(database, 'popular', NOW);
      await recordArticleView(database, 'tie-b', NOW);
      await recordArticleView(database, 'tie-b', NOW - DAY);
      await recordArticleView(database, 'tie-a', NOW);
      await recordArticleView(database, 'tie-a', NOW);
      await recordArticleView(database, 'rare', NOW);
      expect(await mostViewedSlugs(database, 10, 30, NOW)).toEqual([
        { slug: 'popular', views: 3 },
        { slug: 'tie-a', views: 2 },
        { slug: 'tie-b', views: 2 },
        { slug: 'rare', views: 1 },
      ]);
      expect((await mostViewedSlugs(database, 2, 30, NOW)).map((row) => row.slug)).toEqual(['popular', 'tie-a']);
    });

    it('counts only the views of the last days', async () => {
      for (let i = 0; i < 5; i++) await recordArticleView(database, 'old', NOW - 40 * DAY);
      await recordArticleView(database, 'recent', NOW - 2 * DAY);
      expect(await mostViewedSlugs(database, 10, 30, NOW)).toEqual([{ slug: 'recent', views: 1 }]);
      expect(await mostViewedSlugs(database, 10, 60, NOW)).toEqual([
        { slug: 'old', views: 5 },
        { slug: 'recent', views: 1 },
      ]);
    });

    it('is empty without views', async () => {
      expect(await mostViewedSlugs(database, 5)).toEqual([]);
    });
  });

  describe('ViewRecorder', () => {
    it('buffers views and writes them in one go on flush', async () => {
      const views = new ViewRecorder(database);
      views.add('a');
      views.add('a');
      views.add('b');
      expect(await mostViewedSlugs(database, 10, 30, NOW)).toEqual([]);
      await views.flush(NOW);
      expect(await mostViewedSlugs(database, 10, 30, NOW)).toEqual([
        { slug: 'a', views: 2 },
        { slug: 'b', views: 1 },
      ]);
    });

    it('adds to the views already counted that day', async () => {
      await recordArticleView(database, 'a', NOW);
      const views = new ViewRecorder(database);
      views.add('a');
      await views.flush(NOW);
      await views.flush(NOW); // nothing pending: no change
      expect(await mostViewedSlugs(database, 10, 30, NOW)).toEqual([{ slug: 'a', views: 2 }]);
    });

    it('writes by itself within a few seconds', async () => {
      const views = new ViewRecorder(database);
      views.add('auto');
      await waitFor('the buffered view to be written', async () => (await mostViewedSlugs(database, 10)).length === 1, 5000);
      expect(await mostViewedSlugs(database, 10)).toEqual([{ slug: 'auto', views: 1 }]);
    });
  });

  describe('recordArticleRequest', () => {
    it('counts a view of an article page, and a click when it came from search', async () => {
      const views = new ViewRecorder(database);
      await recordArticleRequest(database, views, new URL('http://kb.example/en/articles/billing/reset-password?q=Reset%20%20Password'), 'en');
      await recordArticleRequest(database, views, new URL('http://kb.example/de/articles/umlaut-%C3%BC'), 'de');
      await views.flush(NOW);
      expect(await mostViewedSlugs(database, 10, 30, NOW)).toEqual([
        { slug: 'billing/reset-password', views: 1 },
        { slug: 'umlaut-ü', views: 1 },
      ]);
      expect(await database.kysely.selectFrom('search_click').select(['query', 'article_slug', 'lang']).execute()).toEqual([
        { query: 'reset password', article_slug: 'billing/reset-password', lang: 'en' },
      ]);
    });

    it('ignores pages that are not articles', async () => {
      const views = new ViewRecorder(database);
      await recordArticleRequest(database, views, new URL('http://kb.example/en/search?q=password'), 'en');
      await recordArticleRequest(database, views, new URL('http://kb.example/en/categories/account'), 'en');
      await views.flush(NOW);
      expect(await mostViewedSlugs(database, 10, 30, NOW)).toEqual([]);
      expect(await database.kysely.selectFrom('search_click').selectAll().execute()).toEqual([]);
    });
  });
});
