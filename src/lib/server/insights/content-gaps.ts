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
 */
import type { Database } from '../platform/database/connect.ts';
import type { InsightRange } from './range.ts';
import type { Lang } from '../../languages.ts';

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
  // One pass over the range, grouped by query; the two lists are the top of it by each count.
  const rows = (
    await database.kysely
      .selectFrom('insight_query_day')
      .select((eb) => ['query', 'lang', eb.fn.sum<number>('no_result').as('noResult'), eb.fn.sum<number>('tickets').as('tickets')])
      .where('day', '>=', range.firstDay)
      .where('day', '<', range.endDay)
      .groupBy(['query', 'lang'])
      .execute()
  ).map((row) => ({ query: row.query, lang: row.lang as Lang, noResult: Number(row.noResult), tickets: Number(row.tickets) }));
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
