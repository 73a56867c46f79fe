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
import { statement, type Db } from '../platform/db.ts';
import { withDeskDays } from './desk-days.ts';
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
export function selfServiceInsights(db: Db, range: InsightRange): SelfService {
  const byDay = new Map<number, SelfServiceCounts>();
  const at = (day: number): SelfServiceCounts => {
    let counts = byDay.get(day);
    if (!counts) byDay.set(day, (counts = emptyCounts()));
    return counts;
  };
  const searches = statement(
    db,
    `SELECT day, searches, no_result AS noResult, with_visit AS withVisit, clicked FROM insight_search_day WHERE day >= ? AND day < ?`,
  ).all(range.firstDay, range.endDay) as { day: number; searches: number; noResult: number; withVisit: number; clicked: number }[];
  for (const { day, ...counts } of searches) add(at(day), counts);

  const visits = statement(
    db,
    `SELECT day, self_served AS selfServedVisits, ticketed AS ticketVisits FROM insight_visit_day WHERE day >= ? AND day < ?`,
  ).all(range.firstDay, range.endDay) as { day: number; selfServedVisits: number; ticketVisits: number }[];
  for (const { day, ...counts } of visits) add(at(day), counts);

  const answered = statement(
    withDeskDays(db),
    `SELECT tz_desk_day(created_at) AS day, COUNT(*) AS n, SUM(visit_id IS NULL) AS withoutVisit
     FROM deflections WHERE created_at >= ? AND created_at < ? GROUP BY day`,
  ).all(range.start, range.end) as { day: number; n: number; withoutVisit: number }[];
  let answeredClicks = 0;
  for (const row of answered) {
    answeredClicks += row.n;
    add(at(row.day), { answeredWithoutVisit: row.withoutVisit });
  }

  const tickets = statement(
    withDeskDays(db),
    `SELECT tz_desk_day(created_at) AS day, COUNT(*) AS n FROM tickets
     WHERE created_at >= ? AND created_at < ? AND channel = 'web' AND visit_id IS NULL GROUP BY day`,
  ).all(range.start, range.end) as { day: number; n: number }[];
  for (const row of tickets) add(at(row.day), { ticketsWithoutVisit: row.n });

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
