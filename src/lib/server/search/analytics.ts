/**
 * What level 0 measures: searches (and which found nothing), clicks on results and article
 * views. Nothing personal is stored: no IP address, no cookie, only the normalised query and,
 * when the browser runs JavaScript, the random visit id of the tab (see visits.ts).
 * Either engine; `recordTicketSearches` runs inside the desk's create-ticket transaction.
 */
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { deskDay } from '../insights/desk-days.ts';
import { safeDecode } from '../platform/page-cache.ts';
import { bestEffortWriteAsync } from '../platform/storage-health.ts';
import { parseVisitId, recordVisitInChange } from './visits.ts';
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
export async function logSearch(database: Database, entry: SearchLogEntry): Promise<boolean> {
  return writeTransaction(database, (trx) => logSearchInChange(trx, entry));
}

/** Like `logSearch`, inside the caller's write transaction (see SearchLogRecorder). */
export async function logSearchInChange(trx: Trx, entry: SearchLogEntry): Promise<boolean> {
  const query = normalizeQuery(entry.query);
  if (!query) return false;
  const at = entry.at ?? Date.now();
  const day = deskDay(at);
  const visitId = parseVisitId(entry.visitId);
  const noResult = entry.resultCount === 0 ? 1 : 0;
  if (visitId !== null) {
    // The repeat check and the visit's counts read before they write: one event of a visit at a time.
    await lockKey(trx, `visit ${visitId}`);
    const repeated = await trx
      .selectFrom('search_log')
      .select('id')
      .where('visit_id', '=', visitId)
      .where('created_at', '>', at - REPEAT_WINDOW_MS)
      .where('query', '=', query)
      .where('lang', '=', entry.lang)
      .limit(1)
      .executeTakeFirst();
    if (repeated) return false;
  }
  // The click may already be there (see CLICK_BEFORE_MS).
  const clicked =
    visitId !== null &&
    (await trx
      .selectFrom('search_click')
      .select('id')
      .where('visit_id', '=', visitId)
      .where('query', '=', query)
      .where('created_at', '>=', at - CLICK_BEFORE_MS)
      .where('created_at', '<=', at + CLICK_AFTER_MS)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  await trx
    .insertInto('search_log')
    .values({ query, lang: entry.lang, result_count: entry.resultCount, source: entry.source, visit_id: visitId, clicked: clicked ? 1 : 0, created_at: at })
    .execute();
  await trx
    .insertInto('insight_search_day')
    .values({ day, searches: 1, no_result: noResult, with_visit: visitId ? 1 : 0, clicked: clicked ? 1 : 0 })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet((eb) => ({
        searches: eb('insight_search_day.searches', '+', 1),
        no_result: eb('insight_search_day.no_result', '+', eb.ref('excluded.no_result')),
        with_visit: eb('insight_search_day.with_visit', '+', eb.ref('excluded.with_visit')),
        clicked: eb('insight_search_day.clicked', '+', eb.ref('excluded.clicked')),
      })),
    )
    .execute();
  if (noResult) {
    await trx
      .insertInto('insight_query_day')
      .values({ day, query, lang: entry.lang, no_result: 1 })
      .onConflict((oc) => oc.columns(['day', 'query', 'lang']).doUpdateSet((eb) => ({ no_result: eb('insight_query_day.no_result', '+', 1) })))
      .execute();
  }
  if (visitId) await recordVisitInChange(trx, visitId, at, { searches: 1 });
  return true;
}

/**
 * Records that a search result was opened: query → article. With a visit id, the visit's
 * latest search for that query within the window is marked as followed by a click.
 */
export async function logSearchClick(database: Database, entry: { query: string; slug: string; lang: Lang; visitId?: string | null; at?: number }): Promise<void> {
  const query = normalizeQuery(entry.query);
  if (!query) return;
  const at = entry.at ?? Date.now();
  const visitId = parseVisitId(entry.visitId);
  await writeTransaction(database, async (trx) => {
    await trx.insertInto('search_click').values({ query, article_slug: entry.slug, lang: entry.lang, visit_id: visitId, created_at: at }).execute();
    if (!visitId) return;
    // `clicked = 0` on the UPDATE too: on PostgreSQL a concurrent click on the same search
    // re-checks it after the first commits, so the search is counted as clicked once.
    const search = await trx
      .updateTable('search_log')
      .set({ clicked: 1 })
      .where('clicked', '=', 0)
      .where('id', '=', (eb) =>
        eb
          .selectFrom('search_log')
          .select('id')
          .where('visit_id', '=', visitId)
          .where('query', '=', query)
          .where('created_at', '>=', at - CLICK_AFTER_MS)
          .where('created_at', '<=', at + CLICK_BEFORE_MS)
          .where('clicked', '=', 0)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1),
      )
      .returning('created_at')
      .executeTakeFirst();
    if (search) {
      await trx
        .updateTable('insight_search_day')
        .set((eb) => ({ clicked: eb('clicked', '+', 1) }))
        .where('day', '=', deskDay(search.created_at))
        .execute();
    }
  });
}

/**
 * Counts, for the content gaps, what a new ticket's customer had searched for: the distinct
 * queries of its visit up to now, or without a visit id the search the form was opened from.
 * Each query counts once for the ticket, on the ticket's day. Call it inside the ticket's transaction.
 */
export async function recordTicketSearches(trx: Trx, ticket: { visitId?: string | null; sourceQuery?: string | null; lang: Lang; at: number }): Promise<void> {
  const day = deskDay(ticket.at);
  const visitId = parseVisitId(ticket.visitId);
  const queries = visitId
    ? await trx
        .selectFrom('search_log')
        .select(['query', 'lang'])
        .distinct()
        .where('visit_id', '=', visitId)
        .where('created_at', '<=', ticket.at)
        .orderBy('query')
        .orderBy('lang')
        .execute()
    : ticket.sourceQuery && normalizeQuery(ticket.sourceQuery)
      ? [{ query: normalizeQuery(ticket.sourceQuery), lang: ticket.lang }]
      : [];
  for (const { query, lang } of queries) {
    await trx
      .insertInto('insight_query_day')
      .values({ day, query, lang, tickets: 1 })
      .onConflict((oc) => oc.columns(['day', 'query', 'lang']).doUpdateSet((eb) => ({ tickets: eb('insight_query_day.tickets', '+', 1) })))
      .execute();
  }
}

/** Counts one view of an article (per day, so that "most viewed" can look at recent weeks). */
export async function recordArticleView(database: Database, slug: string, at = Date.now()): Promise<void> {
  await addArticleViews(database.kysely, slug, deskDay(at), 1);
}

async function addArticleViews(trx: Trx, slug: string, day: number, views: number): Promise<void> {
  await trx
    .insertInto('article_view')
    .values({ article_slug: slug, day, views })
    .onConflict((oc) => oc.columns(['article_slug', 'day']).doUpdateSet((eb) => ({ views: eb('article_view.views', '+', eb.ref('excluded.views')) })))
    .execute();
}

/** Article slugs by views over the last `days` days, most viewed first. */
export async function mostViewedSlugs(database: Database, limit: number, days = 30, now = Date.now()): Promise<{ slug: string; views: number }[]> {
  const rows = await database.kysely
    .selectFrom('article_view')
    .select((eb) => ['article_slug as slug', eb.fn.sum<number>('views').as('views')])
    .where('day', '>=', deskDay(now) - days)
    .groupBy('article_slug')
    .orderBy('views', 'desc')
    .orderBy('article_slug')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ slug: row.slug, views: Number(row.views) }));
}

/** Logs why a background write failed (a storage error is already noted by bestEffortWriteAsync). */
const warnOnFailure = (what: string) => (error: unknown): void => console.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);

/**
 * Buffers article views in memory and writes them in one transaction per second (and at
 * shut-down: platform/app.ts awaits `flush()`), so that reading an article never waits for a
 * database write.
 */
export class ViewRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  /** Counts one view of an article. */
  add(slug: string): void {
    this.pending.set(slug, (this.pending.get(slug) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(warnOnFailure('article view counts')), 1000);
      this.timer.unref();
    }
  }

  /** Writes the buffered views now. */
  async flush(now = Date.now()): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const day = deskDay(now);
    // Bookkeeping: on a full or read-only disk these counts are dropped (and logged once).
    await bestEffortWriteAsync('article view counts', () =>
      writeTransaction(this.database, async (trx) => {
        for (const [slug, views] of batch) await addArticleViews(trx, slug, day, views);
      }),
    );
  }
}

/**
 * Counts a successful request for an article page: a view, and a search click when the
 * reader came from search results (the link carries the query as `?q=`, and with JavaScript
 * the visit id as `?visit=`). The click is written in the background; the promise (never
 * rejected) settles when it is.
 */
export async function recordArticleRequest(database: Database, views: ViewRecorder, url: URL, lang: Lang): Promise<void> {
  const match = /^\/(?:de|en)\/articles\/(.+)$/.exec(url.pathname);
  if (!match) return;
  const slug = safeDecode(match[1]);
  if (slug === null) return;
  views.add(slug);
  const query = url.searchParams.get('q');
  if (query) {
    await bestEffortWriteAsync('search click log', () => logSearchClick(database, { query, slug, lang, visitId: url.searchParams.get(VISIT_PARAM) })).catch(
      warnOnFailure('search click log'),
    );
  }
}
