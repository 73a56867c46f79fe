/**
 * The search log is written in batches: nothing on the request path, everything after the
 * flush, with each search's own time and its click matched.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { logSearchClick } from '../../../src/lib/server/search/analytics.ts';
import { SearchLogRecorder } from '../../../src/lib/server/search/search-log-recorder.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { emptyTables } from './tables.ts';

describe.each(ENGINES)('the search-log recorder on %s', (engine) => {
  const env = useDatabase(engine);
  let database: Database;
  beforeEach(async () => {
    database = env.current.database;
    await emptyTables(database);
  });

  const rows = () => database.kysely.selectFrom('search_log').select(['query', 'result_count', 'clicked', 'created_at']).orderBy('id').execute();

  it('writes nothing until the flush, then every search with its own time', async () => {
    let now = 1_000_000;
    const recorder = new SearchLogRecorder(database, { now: () => now, delayMs: 60_000 });
    recorder.add({ query: 'Rechnung', lang: 'de', resultCount: 3, source: 'page' });
    now += 500;
    recorder.add({ query: 'Shopify verbinden', lang: 'de', resultCount: 0, source: 'instant' });
    expect(await rows()).toEqual([]);
    await recorder.flush();
    expect(await rows()).toEqual([
      { query: 'rechnung', result_count: 3, clicked: 0, created_at: 1_000_000 },
      { query: 'shopify verbinden', result_count: 0, clicked: 0, created_at: 1_000_500 },
    ]);
    // The zero-result search reaches the content gaps' daily summary.
    expect(await database.kysely.selectFrom('insight_query_day').select(['query', 'no_result']).execute()).toEqual([{ query: 'shopify verbinden', no_result: 1 }]);
  });

  it('still matches a click that arrived before its search was written', async () => {
    const now = 2_000_000;
    const recorder = new SearchLogRecorder(database, { now: () => now, delayMs: 60_000 });
    const visitId = 'a1'.repeat(16);
    recorder.add({ query: 'passwort', lang: 'de', resultCount: 2, source: 'page', visitId });
    await logSearchClick(database, { query: 'passwort', slug: 'passwort-zuruecksetzen', lang: 'de', visitId, at: now + 1000 });
    await recorder.flush();
    expect((await rows())[0].clicked).toBe(1);
  });
});
