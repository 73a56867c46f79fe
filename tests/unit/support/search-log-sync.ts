/**
 * Synchronous search-log writes on a better-sqlite3 connection, for the storage-failure test
 * (tests/unit/platform/storage-health.test.ts): it checks that a synchronous transaction that
 * fails on a full or read-only disk is reported (platform/db.ts `reportStorageErrors`). They
 * write exactly what search/analytics.ts's `logSearch`, `logSearchClick` and
 * `recordArticleView` write. Test code only: the portal writes through the query layer.
 */
import { statement, type Db } from '../../../src/lib/server/platform/db.ts';
import { deskDay } from '../../../src/lib/server/insights/desk-days.ts';
import { CLICK_AFTER_MS, CLICK_BEFORE_MS, normalizeQuery, REPEAT_WINDOW_MS, type SearchLogEntry } from '../../../src/lib/server/search/analytics.ts';
import { parseVisitId } from '../../../src/lib/server/search/visits.ts';
import type { Lang } from '../../../src/lib/languages.ts';

/** `logSearch` on the synchronous connection. */
export function logSearchSync(db: Db, entry: SearchLogEntry): boolean {
  return db.transaction((): boolean => logSearchInChangeSync(db, entry))();
}

function logSearchInChangeSync(db: Db, entry: SearchLogEntry): boolean {
  const query = normalizeQuery(entry.query);
  if (!query) return false;
  const at = entry.at ?? Date.now();
  const day = deskDay(at);
  const visitId = parseVisitId(entry.visitId);
  const noResult = entry.resultCount === 0 ? 1 : 0;
  if (
    visitId !== null &&
    statement(db, 'SELECT 1 FROM search_log WHERE visit_id = ? AND created_at > ? AND query = ? AND lang = ? LIMIT 1').get(visitId, at - REPEAT_WINDOW_MS, query, entry.lang) !==
      undefined
  ) {
    return false;
  }
  const clicked =
    visitId !== null &&
    statement(db, 'SELECT 1 FROM search_click WHERE visit_id = ? AND query = ? AND created_at BETWEEN ? AND ? LIMIT 1').get(
      visitId,
      query,
      at - CLICK_BEFORE_MS,
      at + CLICK_AFTER_MS,
    ) !== undefined;
  statement(db, 'INSERT INTO search_log (query, lang, result_count, source, visit_id, clicked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    query,
    entry.lang,
    entry.resultCount,
    entry.source,
    visitId,
    clicked ? 1 : 0,
    at,
  );
  statement(
    db,
    `INSERT INTO insight_search_day (day, searches, no_result, with_visit, clicked) VALUES (?, 1, ?, ?, ?)
     ON CONFLICT (day) DO UPDATE SET searches = searches + 1, no_result = no_result + excluded.no_result,
       with_visit = with_visit + excluded.with_visit, clicked = clicked + excluded.clicked`,
  ).run(day, noResult, visitId ? 1 : 0, clicked ? 1 : 0);
  if (noResult) {
    statement(
      db,
      `INSERT INTO insight_query_day (day, query, lang, no_result) VALUES (?, ?, ?, 1)
       ON CONFLICT (day, query, lang) DO UPDATE SET no_result = no_result + 1`,
    ).run(day, query, entry.lang);
  }
  if (visitId) recordVisit(db, visitId, at, { searches: 1 });
  return true;
}

/** `logSearchClick` on the synchronous connection. */
export function logSearchClickSync(db: Db, entry: { query: string; slug: string; lang: Lang; visitId?: string | null; at?: number }): void {
  const query = normalizeQuery(entry.query);
  if (!query) return;
  const at = entry.at ?? Date.now();
  const visitId = parseVisitId(entry.visitId);
  db.transaction(() => {
    statement(db, 'INSERT INTO search_click (query, article_slug, lang, visit_id, created_at) VALUES (?, ?, ?, ?, ?)').run(query, entry.slug, entry.lang, visitId, at);
    if (!visitId) return;
    const search = statement(
      db,
      `UPDATE search_log SET clicked = 1 WHERE id = (
         SELECT id FROM search_log WHERE visit_id = ? AND query = ? AND created_at BETWEEN ? AND ? AND clicked = 0
         ORDER BY created_at DESC, id DESC LIMIT 1)
       RETURNING created_at`,
    ).get(visitId, query, at - CLICK_AFTER_MS, at + CLICK_BEFORE_MS) as { created_at: number } | undefined;
    if (search) statement(db, 'UPDATE insight_search_day SET clicked = clicked + 1 WHERE day = ?').run(deskDay(search.created_at));
  }).immediate();
}

/** `recordArticleView` on the synchronous connection. */
export function recordArticleViewSync(db: Db, slug: string, at = Date.now()): void {
  statement(db, 'INSERT INTO article_view (article_slug, day, views) VALUES (?, ?, 1) ON CONFLICT (article_slug, day) DO UPDATE SET views = views + 1').run(slug, deskDay(at));
}

type VisitKind = 'self_served' | 'ticketed' | null;

function kindOf(row: { searches: number; answered: number; tickets: number } | undefined): VisitKind {
  if (!row) return null;
  if (row.tickets > 0) return 'ticketed';
  return row.searches > 0 || row.answered > 0 ? 'self_served' : null;
}

/** visits.ts's `recordVisitInChange` on the synchronous connection. */
function recordVisit(db: Db, visitId: string, at: number, activity: { searches?: number; answered?: number; tickets?: number }): void {
  const before = statement(db, 'SELECT started_at, searches, answered, tickets FROM visits WHERE id = ?').get(visitId) as
    { started_at: number; searches: number; answered: number; tickets: number } | undefined;
  const after = statement(
    db,
    `INSERT INTO visits (id, started_at, searches, answered, tickets) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET started_at = MIN(started_at, excluded.started_at), searches = searches + excluded.searches,
       answered = answered + excluded.answered, tickets = tickets + excluded.tickets
     RETURNING started_at, searches, answered, tickets`,
  ).get(visitId, at, activity.searches ?? 0, activity.answered ?? 0, activity.tickets ?? 0) as { started_at: number; searches: number; answered: number; tickets: number };
  const was = { kind: kindOf(before), day: before ? deskDay(before.started_at) : null };
  const now = { kind: kindOf(after), day: deskDay(after.started_at) };
  if (was.kind === now.kind && was.day === now.day) return;
  const shift = (day: number, kind: Exclude<VisitKind, null>, by: number): void => {
    statement(
      db,
      `INSERT INTO insight_visit_day (day, self_served, ticketed) VALUES (?, ?, ?)
       ON CONFLICT (day) DO UPDATE SET self_served = self_served + excluded.self_served, ticketed = ticketed + excluded.ticketed`,
    ).run(day, kind === 'self_served' ? by : 0, kind === 'ticketed' ? by : 0);
  };
  if (was.kind && was.day !== null) shift(was.day, was.kind, -1);
  if (now.kind) shift(now.day, now.kind, 1);
}
