/**
 * Content gaps over long ranges: the per-query block sums (insight_query_block, kept by
 * triggers on insight_query_day) always equal the days' sums — after inserts, updates and a
 * rebuild — and a range read from blocks plus edge days gives exactly what counting its days
 * gives, on both engines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { logSearch } from '../../../src/lib/server/search/analytics.ts';
import { contentGapInsights, QUERY_BLOCK_DAYS } from '../../../src/lib/server/insights/content-gaps.ts';
import { rebuildInsightSummaries } from '../../../src/lib/server/insights/summaries.ts';
import { rangeOfDays } from '../../../src/lib/server/insights/range.ts';
import { deskDay } from '../../../src/lib/server/insights/desk-days.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { copyDatabase } from '../../../src/lib/server/platform/database/copy-database.ts';
import { emptyTables } from '../search/tables.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1, 12);
const QUERIES = ['kassenbuch', 'lohnabrechnung', 'inventur', 'mahnung gebühr', 'shopify'];

describe.each(ENGINES)('content gaps over blocks of days on %s', (engine) => {
  const env = useDatabase(engine);
  let database: Database;
  /** What each query counted per day, written through logSearch. */
  const written = new Map<string, number>();

  beforeAll(async () => {
    database = env.current.database;
    await emptyTables(database, ['insight_query_block', 'insight_query_day', 'insight_search_day', 'insight_visit_day', 'search_log', 'search_click', 'visits']);
    written.clear();
    // 140 days (four whole blocks and more); each query on some days, some twice a day (an update of the day row).
    for (let d = 0; d < 140; d++) {
      for (const [q, query] of QUERIES.entries()) {
        if ((d * (q + 1)) % 7 > 2) continue;
        const times = 1 + ((d + q) % 2);
        for (let i = 0; i < times; i++) await logSearch(database, { query, lang: 'de', resultCount: 0, source: 'page', at: START + d * DAY + i * 60_000 });
        const key = `${deskDay(START + d * DAY)}:${query}`;
        written.set(key, (written.get(key) ?? 0) + times);
      }
    }
  });

  const blocksEqualDays = async (): Promise<void> => {
    const { rows } = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM (
        SELECT b.block, b.query, b.lang FROM insight_query_block b
        LEFT JOIN (SELECT day / 32 AS block, query, lang, SUM(no_result) AS no_result, SUM(tickets) AS tickets FROM insight_query_day GROUP BY day / 32, query, lang) d
          ON d.block = b.block AND d.query = b.query AND d.lang = b.lang
        WHERE COALESCE(d.no_result, 0) <> b.no_result OR COALESCE(d.tickets, 0) <> b.tickets
      ) AS wrong`.execute(database.kysely);
    expect(Number(rows[0].n)).toBe(0);
    const blocks = await database.kysely.selectFrom('insight_query_block').select((eb) => eb.fn.sum<number>('no_result').as('n')).executeTakeFirstOrThrow();
    expect(Number(blocks.n)).toBe([...written.values()].reduce((a, b) => a + b, 0));
  };

  it('keeps the block sums equal to the days, also after a rebuild', async () => {
    expect(QUERY_BLOCK_DAYS).toBe(32);
    await blocksEqualDays();
    await rebuildInsightSummaries(database);
    await blocksEqualDays();
  });

  it('counts a range from whole blocks and edge days exactly as from its days', async () => {
    const first = deskDay(START);
    for (const [from, to] of [[first, first + 139], [first + 5, first + 130], [first + 40, first + 60], [first + 33, first + 34], [first + 64, first + 127]]) {
      const expected = new Map<string, number>();
      for (const [key, count] of written) {
        const [day, query] = [Number(key.split(':')[0]), key.slice(key.indexOf(':') + 1)];
        if (day >= from && day <= to) expected.set(query, (expected.get(query) ?? 0) + count);
      }
      const gaps = await contentGapInsights(database, rangeOfDays(from, to));
      expect(new Map(gaps.noResult.map((gap) => [gap.query, gap.count]))).toEqual(expected);
    }
  });
});

describe('content-gap blocks in db:copy', () => {
  const source = useDatabase('sqlite');
  const target = useDatabase('postgres');

  it('arrive once: the target\'s triggers fill them from the copied days', async () => {
    for (let d = 0; d < 70; d++) await logSearch(source.current.database, { query: `frage ${d % 3}`, lang: 'de', resultCount: 0, source: 'page', at: START + d * DAY });
    const result = await copyDatabase(source.current.database, target.current.database);
    expect(result.ok).toBe(true);
    const blocks = async (database: Database) =>
      (await database.kysely.selectFrom('insight_query_block').select(['block', 'query', 'no_result']).orderBy('block').orderBy('query').execute()).map((row) => ({ ...row, block: Number(row.block), no_result: Number(row.no_result) }));
    expect(await blocks(target.current.database)).toEqual(await blocks(source.current.database));
  });
});
