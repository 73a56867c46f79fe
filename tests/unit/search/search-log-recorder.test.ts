/**
 * The search log is written in batches: nothing on the request path, everything after the
 * flush, with each search's own time and its click matched.
 */
import { expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { logSearchClick } from '../../../src/lib/server/search/analytics.ts';
import { SearchLogRecorder } from '../../../src/lib/server/search/search-log-recorder.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp));

const rows = (): { query: string; result_count: number; clicked: number; created_at: number }[] =>
  db.prepare('SELECT query, result_count, clicked, created_at FROM search_log ORDER BY id').all() as never;

it('writes nothing until the flush, then every search with its own time', () => {
  let now = 1_000_000;
  const recorder = new SearchLogRecorder(db, { now: () => now, delayMs: 60_000 });
  recorder.add({ query: 'Rechnung', lang: 'de', resultCount: 3, source: 'page' });
  now += 500;
  recorder.add({ query: 'Shopify verbinden', lang: 'de', resultCount: 0, source: 'instant' });
  expect(rows()).toEqual([]);
  recorder.flush();
  expect(rows()).toEqual([
    { query: 'rechnung', result_count: 3, clicked: 0, created_at: 1_000_000 },
    { query: 'shopify verbinden', result_count: 0, clicked: 0, created_at: 1_000_500 },
  ]);
  // The zero-result search reaches the content gaps' daily summary.
  expect(db.prepare('SELECT query, no_result FROM insight_query_day').all()).toEqual([{ query: 'shopify verbinden', no_result: 1 }]);
});

it('still matches a click that arrived before its search was written', () => {
  const now = 2_000_000;
  const recorder = new SearchLogRecorder(db, { now: () => now, delayMs: 60_000 });
  const visitId = 'a1'.repeat(16);
  recorder.add({ query: 'passwort', lang: 'de', resultCount: 2, source: 'page', visitId });
  logSearchClick(db, { query: 'passwort', slug: 'passwort-zuruecksetzen', lang: 'de', visitId, at: now + 1000 });
  recorder.flush();
  expect(rows()[0].clicked).toBe(1);
});
