/**
 * Self-service (level 0): how many searches, how many found nothing, how many the same
 * visit followed with a click on a result, and the deflection rate, per day and per week.
 *
 * Definitions (shown on the page):
 * - A search is followed by a click when the same visit opened a result for the same query
 *   within 30 minutes (see analytics.ts). Only searches with a visit id (JavaScript) can be
 *   followed, so that share is taken of those.
 * - Self-served: visits that started in the range, searched or clicked "this answered my
 *   question", and opened no ticket; plus each "this answered my question" without a visit id.
 * - Ticket visits: visits that started in the range and opened a ticket through the form,
 *   plus each form ticket without a visit id.
 * - Deflection rate = self-served / (self-served + ticket visits).
 *
 * Searches and visits are read from the daily summaries (insight_search_day,
 * insight_visit_day) that analytics.ts and visits.ts keep up to date with every event.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { countByDeskDay } from './desk-days.ts';
import { daysOf, weekOfDay, weeksOf, type InsightRange } from './range.ts';
import { share } from './stats.ts';

/** Counts that add up per day, per week and over the range. */
export interface SelfServiceCounts {
  searches: number;
  noResult: number;
  /** Searches with a visit id (those that can be followed by a click). */
  withVisit: number;
  clicked: number;
  /** Visits that searched or said "answered" and opened no ticket. */
  selfServedVisits: number;
  /** "This answered my question" without a visit id. */
  answeredWithoutVisit: number;
  /** Visits that opened a ticket through the form. */
  ticketVisits: number;
  /** Form tickets without a visit id. */
  ticketsWithoutVisit: number;
}

/** The counts with the shares computed from them. */
export interface SelfServiceFigures extends SelfServiceCounts {
  noResultShare: number | null;
  clickShare: number | null;
  /** selfServedVisits + answeredWithoutVisit */
  selfServed: number;
  /** ticketVisits + ticketsWithoutVisit */
  ticketed: number;
  deflectionRate: number | null;
}

/** Self-service figures for a range. */
export interface SelfService {
  totals: SelfServiceFigures;
  /** "This answered my question" clicks in the range, with or without a visit. */
  answeredClicks: number;
  days: (SelfServiceFigures & { day: string })[];
  /** By ISO week (key: its Monday), only the part of the week inside the range. */
  weeks: (SelfServiceFigures & { week: string })[];
}

function emptyCounts(): SelfServiceCounts {
  return { searches: 0, noResult: 0, withVisit: 0, clicked: 0, selfServedVisits: 0, answeredWithoutVisit: 0, ticketVisits: 0, ticketsWithoutVisit: 0 };
}

/** Adds the shares and the deflection rate to counts. */
export function withShares(counts: SelfServiceCounts): SelfServiceFigures {
  const selfServed = counts.selfServedVisits + counts.answeredWithoutVisit;
  const ticketed = counts.ticketVisits + counts.ticketsWithoutVisit;
  return {
    ...counts,
    noResultShare: share(counts.noResult, counts.searches),
    clickShare: share(counts.clicked, counts.withVisit),
    selfServed,
    ticketed,
    deflectionRate: share(selfServed, selfServed + ticketed),
  };
}

function add(target: SelfServiceCounts, part: Partial<SelfServiceCounts>): void {
  for (const [key, value] of Object.entries(part) as [keyof SelfServiceCounts, number][]) target[key] += value ?? 0;
}

/** The self-service figures of a range (pure function of the database and the range). */
export async function selfServiceInsights(database: Database, range: InsightRange): Promise<SelfService> {
  const byDay = new Map<number, SelfServiceCounts>();
  const at = (day: number): SelfServiceCounts => {
    let counts = byDay.get(day);
    if (!counts) byDay.set(day, (counts = emptyCounts()));
    return counts;
  };
  const db = database.kysely;
  const [searches, visits, answered, tickets] = await Promise.all([
    db
      .selectFrom('insight_search_day')
      .select(['day', 'searches', 'no_result as noResult', 'with_visit as withVisit', 'clicked'])
      .where('day', '>=', range.firstDay)
      .where('day', '<', range.endDay)
      .execute(),
    db
      .selectFrom('insight_visit_day')
      .select(['day', 'self_served as selfServedVisits', 'ticketed as ticketVisits'])
      .where('day', '>=', range.firstDay)
      .where('day', '<', range.endDay)
      .execute(),
    countByDeskDay((width) =>
      sql<{ bucket: number; n: number; withoutVisit: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, COUNT(*) AS n, SUM(CASE WHEN visit_id IS NULL THEN 1 ELSE 0 END) AS "withoutVisit"
        FROM deflections WHERE created_at >= ${range.start} AND created_at < ${range.end} GROUP BY created_at / ${sql.lit(width)}`
        .execute(db)
        .then((result) => result.rows),
    ),
    countByDeskDay((width) =>
      sql<{ bucket: number; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, COUNT(*) AS n FROM tickets
        WHERE created_at >= ${range.start} AND created_at < ${range.end} AND channel = 'web' AND visit_id IS NULL GROUP BY created_at / ${sql.lit(width)}`
        .execute(db)
        .then((result) => result.rows),
    ),
  ]);
  for (const { day, ...counts } of searches) add(at(day), counts);
  for (const { day, ...counts } of visits) add(at(day), counts);
  let answeredClicks = 0;
  for (const row of answered) {
    answeredClicks += Number(row.n);
    add(at(row.day), { answeredWithoutVisit: Number(row.withoutVisit) });
  }
  for (const row of tickets) add(at(row.day), { ticketsWithoutVisit: Number(row.n) });

  const totals = emptyCounts();
  const weekCounts = new Map<string, SelfServiceCounts>(weeksOf(range).map((week) => [week, emptyCounts()]));
  for (const [day, counts] of byDay) {
    add(totals, counts);
    const week = weekCounts.get(weekOfDay(day));
    if (week) add(week, counts);
  }
  const firstDay = range.firstDay;
  return {
    totals: withShares(totals),
    answeredClicks,
    days: daysOf(range).map((day, i) => ({ day, ...withShares(byDay.get(firstDay + i) ?? emptyCounts()) })),
    weeks: [...weekCounts].map(([week, counts]) => ({ week, ...withShares(counts) })),
  };
}
