/**
 * What level 0 measures: searches (and which found nothing), clicks on results and article
 * views. Nothing personal is stored: no IP address, no cookie, only the normalised query and,
 * when the browser runs JavaScript, the random visit id of the tab (see visits.ts).
 */
import { statement, type Db } from '../platform/db.ts';
import { deskDay } from '../insights/desk-days.ts';
import { safeDecode } from '../platform/page-cache.ts';
import { bestEffortWrite } from '../platform/storage-health.ts';
import { parseVisitId, recordVisit } from './visits.ts';
import type { Lang } from '../../languages.ts';

/** Where a search was made. */
export type SearchSource = 'page' | 'instant' | 'ticket-form';

const MAX_QUERY_LENGTH = 200;
const DAY_MS = 86_400_000;

/**
 * A search counts as followed by a click when the same visit opened a result for the same
 * query from CLICK_BEFORE_MS before the search was logged (instant search logs a query when
 * the reader settles on it, which can arrive just after the click) to CLICK_AFTER_MS after.
 */
export const CLICK_BEFORE_MS = 60_000;
export const CLICK_AFTER_MS = 30 * 60_000;

/** The URL parameter that carries the visit id from search results to the article. */
export const VISIT_PARAM = 'visit';

/** Lower-cases, trims and collapses white space, so that the same question counts once. */
export function normalizeQuery(query: string): string {
  return query.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

/** A visit's repeated identical query within this time counts once (issue 18). */
export const REPEAT_WINDOW_MS = DAY_MS;

/** One search to record. */
export interface SearchLogEntry {
  query: string;
  lang: Lang;
  resultCount: number;
  source: SearchSource;
  visitId?: string | null;
  /** When it was made (default: now). */
  at?: number;
}

/**
 * Records one search, with the visit it belongs to (if any), and counts it in the daily
 * summaries; returns whether it was recorded. Empty queries are not recorded, and neither is
 * a query the same visit already made (same normalised text and language, within
 * REPEAT_WINDOW_MS, from any source: instant search, the results page, the ticket form), so
 * that reloading, paging back or posting the same query again cannot skew the content gaps.
 */
export function logSearch(db: Db, entry: SearchLogEntry): boolean {
  return db.transaction((): boolean => logSearchInChange(db, entry))();
}

/** Like `logSearch`, inside the caller's transaction (see SearchLogRecorder). */
export function logSearchInChange(db: Db, entry: SearchLogEntry): boolean {
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
  // The click may already be there (see CLICK_BEFORE_MS).
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

/**
 * Records that a search result was opened: query → article. With a visit id, the visit's
 * latest search for that query within the window is marked as followed by a click.
 */
export function logSearchClick(db: Db, entry: { query: string; slug: string; lang: Lang; visitId?: string | null; at?: number }): void {
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

/**
 * Counts, for the content gaps, what a new ticket's customer had searched for: the distinct
 * queries of its visit up to now, or without a visit id the search the form was opened from.
 * Each query counts once for the ticket, on the ticket's day. Call it inside the ticket's transaction.
 */
export function recordTicketSearches(db: Db, ticket: { visitId?: string | null; sourceQuery?: string | null; lang: Lang; at: number }): void {
  const day = deskDay(ticket.at);
  const visitId = parseVisitId(ticket.visitId);
  const queries = visitId
    ? (statement(db, 'SELECT DISTINCT query, lang FROM search_log WHERE visit_id = ? AND created_at <= ?').all(visitId, ticket.at) as { query: string; lang: Lang }[])
    : ticket.sourceQuery && normalizeQuery(ticket.sourceQuery)
      ? [{ query: normalizeQuery(ticket.sourceQuery), lang: ticket.lang }]
      : [];
  for (const { query, lang } of queries) {
    statement(
      db,
      `INSERT INTO insight_query_day (day, query, lang, tickets) VALUES (?, ?, ?, 1)
       ON CONFLICT (day, query, lang) DO UPDATE SET tickets = tickets + 1`,
    ).run(day, query, lang);
  }
}

/** Counts one view of an article (per day, so that "most viewed" can look at recent weeks). */
export function recordArticleView(db: Db, slug: string, at = Date.now()): void {
  statement(
      db,
    'INSERT INTO article_view (article_slug, day, views) VALUES (?, ?, 1) ON CONFLICT (article_slug, day) DO UPDATE SET views = views + 1',
  ).run(slug, deskDay(at));
}

/** Article slugs by views over the last `days` days, most viewed first. */
export function mostViewedSlugs(db: Db, limit: number, days = 30, now = Date.now()): { slug: string; views: number }[] {
  return db
    .prepare(
      'SELECT article_slug AS slug, SUM(views) AS views FROM article_view WHERE day >= ? GROUP BY article_slug ORDER BY views DESC, article_slug LIMIT ?',
    )
    .all(deskDay(now) - days, limit) as { slug: string; views: number }[];
}

/**
 * Buffers article views in memory and writes them in one transaction per second (and when
 * the process exits), so that reading an article never waits for a database write.
 */
export class ViewRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    // better-sqlite3 is synchronous, so a flush still completes in the 'exit' event.
    process.once('exit', () => this.flush());
  }

  /** Counts one view of an article. */
  add(slug: string): void {
    this.pending.set(slug, (this.pending.get(slug) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), 1000);
      this.timer.unref();
    }
  }

  /** Writes the buffered views now. */
  flush(now = Date.now()): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 || !this.db.open) return;
    const batch = this.pending;
    this.pending = new Map();
    const day = deskDay(now);
    const upsert = statement(
      this.db,
      'INSERT INTO article_view (article_slug, day, views) VALUES (?, ?, ?) ON CONFLICT (article_slug, day) DO UPDATE SET views = views + excluded.views',
    );
    // Bookkeeping: on a full or read-only disk these counts are dropped (and logged once).
    bestEffortWrite('article view counts', () =>
      this.db.transaction(() => {
        for (const [slug, views] of batch) upsert.run(slug, day, views);
      })(),
    );
  }
}

/**
 * Counts a successful request for an article page: a view, and a search click when the
 * reader came from search results (the link carries the query as `?q=`, and with JavaScript
 * the visit id as `?visit=`).
 */
export function recordArticleRequest(db: Db, views: ViewRecorder, url: URL, lang: Lang): void {
  const match = /^\/(?:de|en)\/articles\/(.+)$/.exec(url.pathname);
  if (!match) return;
  const slug = safeDecode(match[1]);
  if (slug === null) return;
  views.add(slug);
  const query = url.searchParams.get('q');
  if (query) bestEffortWrite('search click log', () => logSearchClick(db, { query, slug, lang, visitId: url.searchParams.get(VISIT_PARAM) }));
}
