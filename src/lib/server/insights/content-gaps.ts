/**
 * Content gaps: what people searched for and did not find, and what the people who went on
 * to open a ticket had searched for. Each is a candidate for a new article.
 *
 * - Top queries without a result: searches in the range that found nothing, by query and
 *   language, most frequent first.
 * - Top queries before a ticket: for each ticket opened in the range, the queries its visit
 *   searched before it (JavaScript), or the search the ticket form was opened from (no visit
 *   id); each ticket counts once per query (counted when the ticket is opened, see
 *   analytics.ts recordTicketSearches).
 * Read from the daily summary `insight_query_day` and, for the whole 32-day blocks inside the
 * range, from `insight_query_block` (kept equal to the days' sums by triggers, migration 21).
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import type { InsightRange } from './range.ts';
import type { Lang } from '../../languages.ts';

/** Days per row of `insight_query_block` (block = day / 32; migration 21). */
export const QUERY_BLOCK_DAYS = 32;

/** How many queries each list shows. */
export const GAP_LIMIT = 20;

/** A query and how often it counted. */
export interface GapQuery {
  query: string;
  lang: Lang;
  count: number;
}

/** The content gaps of a range. */
export interface ContentGaps {
  noResult: GapQuery[];
  beforeTicket: GapQuery[];
}

/** The content gaps of a range (pure function of the database and the range), from the daily summary `insight_query_day`. */
export async function contentGapInsights(database: Database, range: InsightRange, limit = GAP_LIMIT): Promise<ContentGaps> {
  // The whole blocks inside the range, and the days before and after them.
  let firstBlock = Math.ceil(range.firstDay / QUERY_BLOCK_DAYS);
  let endBlock = Math.floor(range.endDay / QUERY_BLOCK_DAYS);
  if (firstBlock >= endBlock) firstBlock = endBlock = 0;
  const headEnd = endBlock > firstBlock ? firstBlock * QUERY_BLOCK_DAYS : range.endDay;
  const tailStart = endBlock > firstBlock ? endBlock * QUERY_BLOCK_DAYS : range.endDay;
  // One pass over the range, grouped by query; the two lists are the top of it by each count.
  const result = await sql<{ query: string; lang: Lang; noResult: number; tickets: number }>`
    SELECT query, lang, SUM(no_result) AS "noResult", SUM(tickets) AS tickets FROM (
      SELECT query, lang, no_result, tickets FROM insight_query_day WHERE day >= ${range.firstDay} AND day < ${headEnd}
      UNION ALL
      SELECT query, lang, no_result, tickets FROM insight_query_block WHERE block >= ${firstBlock} AND block < ${endBlock}
      UNION ALL
      SELECT query, lang, no_result, tickets FROM insight_query_day WHERE day >= ${tailStart} AND day < ${range.endDay}
    ) AS parts GROUP BY query, lang`.execute(database.kysely);
  const rows = result.rows.map((row) => ({ query: row.query, lang: row.lang, noResult: Number(row.noResult), tickets: Number(row.tickets) }));
  const top = (count: (row: (typeof rows)[number]) => number): GapQuery[] =>
    rows
      .filter((row) => count(row) > 0)
      .sort((a, b) => count(b) - count(a) || (a.query < b.query ? -1 : a.query > b.query ? 1 : 0) || (a.lang < b.lang ? -1 : 1))
      .slice(0, limit)
      .map((row) => ({ query: row.query, lang: row.lang, count: count(row) }));
  return { noResult: top((row) => row.noResult), beforeTicket: top((row) => row.tickets) };
}

/** The editor's address for a new article about a query (`/staff/articles/new?title=…&lang=…`). */
export function writeArticleUrl(gap: Pick<GapQuery, 'query' | 'lang'>): string {
  return `/staff/articles/new?${new URLSearchParams({ title: gap.query, lang: gap.lang })}`;
}
