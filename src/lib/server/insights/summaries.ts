/**
 * The daily summary tables of the insights page (insight_search_day, insight_visit_day,
 * insight_query_day) recomputed from the logs, by calendar day in the desk's zone (desk-days.ts;
 * the zone counted in is kept in insight_day_zone). The running portal keeps them up to date
 * with every event (analytics.ts, visits.ts); this is for data written straight into the
 * logs (the benchmark's bulk seed) and as the reference the incremental counts are tested
 * against.
 */
import { statement, type Db } from '../platform/db.ts';
import { normalizeQuery } from '../search/analytics.ts';
import { deskDayZone, withDeskDays } from './desk-days.ts';

/** Recomputes every insights summary table from the logs, in one transaction. */
export function rebuildInsightSummaries(db: Db): void {
  db.function('tz_normalize_query', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? normalizeQuery(text) : null));
  withDeskDays(db);
  db.transaction(() => {
    db.exec(`
      DELETE FROM insight_search_day;
      DELETE FROM insight_visit_day;
      DELETE FROM insight_query_day;
      INSERT INTO insight_search_day (day, searches, no_result, with_visit, clicked)
        SELECT tz_desk_day(created_at), COUNT(*), SUM(result_count = 0), SUM(visit_id IS NOT NULL), SUM(clicked) FROM search_log GROUP BY 1;
      INSERT INTO insight_visit_day (day, self_served, ticketed)
        SELECT tz_desk_day(started_at), SUM(tickets = 0 AND (searches > 0 OR answered > 0)), SUM(tickets > 0) FROM visits GROUP BY 1;
      INSERT INTO insight_query_day (day, query, lang, no_result)
        SELECT tz_desk_day(created_at), query, lang, COUNT(*) FROM search_log WHERE result_count = 0 GROUP BY 1, 2, 3;
      INSERT INTO insight_query_day (day, query, lang, tickets)
        SELECT day, query, lang, COUNT(*) FROM (
          SELECT DISTINCT t.id, tz_desk_day(t.created_at) AS day, s.query, s.lang
          FROM tickets t JOIN search_log s ON s.visit_id = t.visit_id AND s.created_at <= t.created_at
          WHERE t.visit_id IS NOT NULL
          UNION ALL
          SELECT id, tz_desk_day(created_at), tz_normalize_query(source_query), lang FROM tickets
          WHERE visit_id IS NULL AND channel = 'web' AND source_query IS NOT NULL AND tz_normalize_query(source_query) <> ''
        ) GROUP BY 1, 2, 3
        ON CONFLICT (day, query, lang) DO UPDATE SET tickets = tickets + excluded.tickets;
    `);
    statement(db, 'INSERT INTO insight_day_zone (id, time_zone) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone').run(deskDayZone());
  }).immediate();
}

/**
 * Rebuilds the summaries when they were counted in another zone than the desk's (or in UTC,
 * before migration 20); returns whether it rebuilt. Called at start-up.
 */
export function ensureSummariesInDeskZone(db: Db): boolean {
  const row = statement(db, 'SELECT time_zone FROM insight_day_zone WHERE id = 1').get() as { time_zone: string } | undefined;
  if (row?.time_zone === deskDayZone()) return false;
  rebuildInsightSummaries(db);
  return true;
}
