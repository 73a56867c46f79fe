/**
 * The daily summary tables of the insights page (insight_search_day, insight_visit_day,
 * insight_query_day, and through its triggers insight_query_block) recomputed from the logs, by calendar day in the desk's zone (desk-days.ts;
 * the zone counted in is kept in insight_day_zone). The running portal keeps them up to date
 * with every event (analytics.ts, visits.ts); this is for data written straight into the
 * logs (the benchmark's bulk seed) and as the reference the incremental counts are tested
 * against.
 * Rules that always hold: one rebuild at a time (several instances may start together: a
 * lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), all three tables in one transaction; SQL
 * groups by time buckets and JS turns them into desk days (`countByDeskDay`), the same SQL on
 * both engines.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { normalizeQuery } from '../search/analytics.ts';
import { countByDeskDay, deskDay, deskDayZone } from './desk-days.ts';

/** Rows per INSERT of the rebuilt summaries. */
const CHUNK = 500;

async function rows<Row>(trx: Trx, query: { execute(trx: Trx): Promise<{ rows: Row[] }> }): Promise<Row[]> {
  return (await query.execute(trx)).rows;
}

/** Adds the numeric fields of `part` to the entry for `key` (created from `base`). */
function addTo<T extends Record<string, unknown>>(map: Map<string, T>, key: string, base: () => T, part: Partial<Record<keyof T, unknown>>): void {
  let entry = map.get(key);
  if (!entry) map.set(key, (entry = base()));
  for (const [field, value] of Object.entries(part)) (entry as Record<string, unknown>)[field] = Number(entry[field] ?? 0) + Number(value ?? 0);
}

async function insertChunks(trx: Trx, table: 'insight_search_day' | 'insight_visit_day' | 'insight_query_day', values: object[]): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) {
    await trx.insertInto(table).values(values.slice(i, i + CHUNK) as never).execute();
  }
}

async function rebuildInChange(trx: Trx): Promise<void> {
  const searchDays = new Map<string, { day: number; searches: number; no_result: number; with_visit: number; clicked: number }>();
  for (const { day, ...counts } of await countByDeskDay((width) =>
    rows(
      trx,
      sql<{ bucket: number; searches: number; no_result: number; with_visit: number; clicked: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, COUNT(*) AS searches, SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END) AS no_result,
          SUM(CASE WHEN visit_id IS NOT NULL THEN 1 ELSE 0 END) AS with_visit, SUM(clicked) AS clicked
        FROM search_log GROUP BY created_at / ${sql.lit(width)}`,
    ),
  )) {
    addTo(searchDays, String(day), () => ({ day, searches: 0, no_result: 0, with_visit: 0, clicked: 0 }), counts);
  }

  const visitDays = new Map<string, { day: number; self_served: number; ticketed: number }>();
  for (const { day, ...counts } of await countByDeskDay((width) =>
    rows(
      trx,
      sql<{ bucket: number; self_served: number; ticketed: number }>`
        SELECT started_at / ${sql.lit(width)} AS bucket,
          SUM(CASE WHEN tickets = 0 AND (searches > 0 OR answered > 0) THEN 1 ELSE 0 END) AS self_served,
          SUM(CASE WHEN tickets > 0 THEN 1 ELSE 0 END) AS ticketed
        FROM visits GROUP BY started_at / ${sql.lit(width)}`,
    ),
  )) {
    addTo(visitDays, String(day), () => ({ day, self_served: 0, ticketed: 0 }), counts);
  }

  const queryDays = new Map<string, { day: number; query: string; lang: string; no_result: number; tickets: number }>();
  const queryKey = (day: number, query: string, lang: string): string => `${day}\u0000${lang}\u0000${query}`;
  for (const { day, query, lang, n } of await countByDeskDay((width) =>
    rows(
      trx,
      sql<{ bucket: number; query: string; lang: string; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, query, lang, COUNT(*) AS n FROM search_log
        WHERE result_count = 0 GROUP BY created_at / ${sql.lit(width)}, query, lang`,
    ),
  )) {
    addTo(queryDays, queryKey(day, query, lang), () => ({ day, query, lang, no_result: 0, tickets: 0 }), { no_result: n });
  }
  // Tickets with a visit: each ticket counts once per query its visit searched before it
  // (a ticket lies in one bucket, so the distinct count per bucket adds up per day).
  for (const { day, query, lang, n } of await countByDeskDay((width) =>
    rows(
      trx,
      sql<{ bucket: number; query: string; lang: string; n: number }>`
        SELECT t.created_at / ${sql.lit(width)} AS bucket, s.query, s.lang, COUNT(DISTINCT t.id) AS n
        FROM tickets t JOIN search_log s ON s.visit_id = t.visit_id AND s.created_at <= t.created_at
        WHERE t.visit_id IS NOT NULL GROUP BY t.created_at / ${sql.lit(width)}, s.query, s.lang`,
    ),
  )) {
    addTo(queryDays, queryKey(day, query, lang), () => ({ day, query, lang, no_result: 0, tickets: 0 }), { tickets: n });
  }
  // Form tickets without a visit: the search the form was opened from, normalised as logged.
  const formTickets = await trx
    .selectFrom('tickets')
    .select(['created_at', 'source_query', 'lang'])
    .where('visit_id', 'is', null)
    .where('channel', '=', 'web')
    .where('source_query', 'is not', null)
    .execute();
  for (const ticket of formTickets) {
    const query = normalizeQuery(ticket.source_query ?? '');
    if (!query) continue;
    const day = deskDay(ticket.created_at);
    addTo(queryDays, queryKey(day, query, ticket.lang), () => ({ day, query, lang: ticket.lang, no_result: 0, tickets: 0 }), { tickets: 1 });
  }

  await trx.deleteFrom('insight_search_day').execute();
  await trx.deleteFrom('insight_visit_day').execute();
  // The blocks first: the day rows' triggers then find nothing to subtract, and refill them as the days are inserted.
  await trx.deleteFrom('insight_query_block').execute();
  await trx.deleteFrom('insight_query_day').execute();
  await insertChunks(trx, 'insight_search_day', [...searchDays.values()]);
  await insertChunks(trx, 'insight_visit_day', [...visitDays.values()]);
  await insertChunks(trx, 'insight_query_day', [...queryDays.values()]);
  await trx
    .insertInto('insight_day_zone')
    .values({ id: 1, time_zone: deskDayZone() })
    .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ time_zone: eb.ref('excluded.time_zone') })))
    .execute();
}

/** Recomputes every insights summary table from the logs, in one transaction. */
export async function rebuildInsightSummaries(database: Database): Promise<void> {
  await writeTransaction(database, async (trx) => {
    await lockKey(trx, 'insight summaries');
    await rebuildInChange(trx);
  });
}

/**
 * Rebuilds the summaries when they were counted in another zone than the desk's (or in UTC,
 * before migration 20); returns whether it rebuilt. Called at start-up.
 */
export async function ensureSummariesInDeskZone(database: Database): Promise<boolean> {
  const zone = async (trx: Trx): Promise<string | undefined> =>
    (await trx.selectFrom('insight_day_zone').select('time_zone').where('id', '=', 1).executeTakeFirst())?.time_zone;
  if ((await zone(database.kysely)) === deskDayZone()) return false;
  return writeTransaction(database, async (trx) => {
    await lockKey(trx, 'insight summaries');
    // Another instance may have rebuilt it meanwhile.
    if ((await zone(trx)) === deskDayZone()) return false;
    await rebuildInChange(trx);
    return true;
  });
}
