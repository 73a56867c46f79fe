/**
 * Tickets: the flow between the levels.
 *
 * - Per day: tickets opened; solved per level (the ticket's level when it was solved; a
 *   ticket solved twice counts twice); escalated 1 → 2 and 2 → 3.
 * - Escalation rates, for the tickets opened in the range: 1 → 2 = those escalated to level 2
 *   / all; 2 → 3 = those escalated to level 3 / those escalated to level 2.
 * - Times, for the tickets opened in the range: to first response (created → first reply or
 *   solution mail) and to solution (created → last solved, for solved and closed tickets);
 *   median and 90th percentile (nearest rank), per level (the highest level the ticket
 *   reached) and per priority (its priority now).
 * - Overdue: tickets in progress now without a first response whose due time has passed.
 * Everything but the overdue tickets comes from ticket-blocks.ts: whole days remembered
 * until a trigger marks them changed, the rest read from the rows; the figures are exact.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { LEVELS, PRIORITIES, type Level, type Priority } from '../desk/vocabulary.ts';
import { daysOf, type InsightRange } from './range.ts';
import { medianAndPercentile, share } from './stats.ts';
import { ticketMaterial, type DayCounts, type TicketMaterial } from './ticket-blocks.ts';

/** One day of ticket flow. */
export interface TicketDay {
  day: string;
  opened: number;
  solved: Record<Level, number>;
  escalated12: number;
  escalated23: number;
}

/** Escalation rates of the tickets opened in the range. */
export interface EscalationRates {
  opened: number;
  escalated12: number;
  escalated23: number;
  rate12: number | null;
  rate23: number | null;
}

/** Median and 90th percentile of times (milliseconds) for a group of tickets. */
export interface TimeFigures {
  /** The group: 'all', a level ('1', '2', '3') or a priority. */
  group: string;
  responded: number;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  solved: number;
  solutionMedian: number | null;
  solutionP90: number | null;
}

/** A ticket overdue now. */
export interface OverdueTicket {
  reference: string;
  level: Level;
  priority: Priority;
  due: number;
}

/** The ticket figures of a range. */
export interface TicketFlow {
  days: TicketDay[];
  totals: { opened: number; solved: Record<Level, number>; escalated12: number; escalated23: number };
  escalation: EscalationRates;
  byLevel: TimeFigures[];
  byPriority: TimeFigures[];
  overdue: {
    total: number;
    byLevel: Record<Level, number>;
    byPriority: Record<Priority, number>;
    byLevelPriority: Record<Level, Record<Priority, number>>;
    /** The OVERDUE_LIMIT tickets overdue longest. */
    oldest: OverdueTicket[];
  };
}

/** How many overdue tickets are listed. */
export const OVERDUE_LIMIT = 20;

/** The groups the times are shown for: all tickets, each level, each priority (in this order). */
const TIME_GROUPS = ['all', ...LEVELS.map(String), ...PRIORITIES];

/**
 * One time (response or solution) per group (TIME_GROUPS order), in no particular order. The
 * values come packed with their ticket's level and priority in their lowest four bits
 * (ticket-blocks.ts `packTime`); a year is 100,000 tickets, so the medians and percentiles
 * are selected (stats.ts `medianAndPercentile`), not sorted for.
 */
function timesPerGroup(parts: readonly Float64Array[]): Float64Array[] {
  // Group index of a key's code: the level's (1..3) and the priority's (4..7); every value is also in 'all' (0).
  const counts = new Uint32Array(TIME_GROUPS.length);
  for (const part of parts) {
    counts[0] += part.length;
    for (let i = 0; i < part.length; i++) {
      const code = part[i] - Math.floor(part[i] / 16) * 16;
      counts[1 + (code >> 2)]++;
      counts[4 + (code & 3)]++;
    }
  }
  const groups = Array.from(counts, (count) => new Float64Array(count));
  const filled = new Uint32Array(TIME_GROUPS.length);
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const value = Math.floor(part[i] / 16);
      const code = part[i] - value * 16;
      groups[0][filled[0]++] = value;
      groups[1 + (code >> 2)][filled[1 + (code >> 2)]++] = value;
      groups[4 + (code & 3)][filled[4 + (code & 3)]++] = value;
    }
  }
  return groups;
}

/** Median and 90th percentile of first response and solution for every group. */
function timeFiguresOf(parts: readonly TicketMaterial[]): Map<string, TimeFigures> {
  const responses = timesPerGroup(parts.map((part) => part.responses));
  const solutions = timesPerGroup(parts.map((part) => part.solutions));
  return new Map(
    TIME_GROUPS.map((group, i) => {
      const response = medianAndPercentile(responses[i], 90);
      const solution = medianAndPercentile(solutions[i], 90);
      return [
        group,
        {
          group,
          responded: responses[i].length,
          firstResponseMedian: response.median,
          firstResponseP90: response.percentile,
          solved: solutions[i].length,
          solutionMedian: solution.median,
          solutionP90: solution.percentile,
        },
      ];
    }),
  );
}

const zeroLevels = (): Record<Level, number> => ({ 1: 0, 2: 0, 3: 0 });

/**
 * The ticket figures of a range; `now` decides what is overdue. Two reads at the same time:
 * the range's material (ticket-blocks.ts) and the overdue tickets.
 */
export async function ticketFlowInsights(database: Database, range: InsightRange, now = Date.now()): Promise<TicketFlow> {
  const firstDay = range.firstDay;
  const days: TicketDay[] = daysOf(range).map((day) => ({ day, opened: 0, solved: zeroLevels(), escalated12: 0, escalated23: 0 }));
  const [parts, overdueRows] = await Promise.all([
    ticketMaterial(database, range.start, range.end),
    sql<OverdueTicket>`
      SELECT reference, level, priority, first_response_due AS due FROM tickets
      WHERE status IN ('new', 'open', 'waiting') AND first_response_at IS NULL AND first_response_due < ${now}
      ORDER BY first_response_due, id`
      .execute(database.kysely)
      .then((result) => result.rows),
  ]);
  const perDay = (counts: DayCounts, add: (day: TicketDay, n: number) => void): void => {
    for (let i = 0; i < counts.day.length; i++) {
      const day = days[counts.day[i] - firstDay];
      if (day) add(day, counts.n[i]);
    }
  };
  const reached = zeroLevels();
  for (const part of parts) {
    perDay(part.opened, (day, n) => (day.opened += n));
    perDay(part.escalated2, (day, n) => (day.escalated12 += n));
    perDay(part.escalated3, (day, n) => (day.escalated23 += n));
    for (const level of LEVELS) perDay(part.solved[level], (day, n) => (day.solved[level] += n));
    for (const level of LEVELS) reached[level] += part.reached[level];
  }
  const totals = { opened: 0, solved: zeroLevels(), escalated12: 0, escalated23: 0 };
  for (const day of days) {
    totals.opened += day.opened;
    for (const level of LEVELS) totals.solved[level] += day.solved[level];
    totals.escalated12 += day.escalated12;
    totals.escalated23 += day.escalated23;
  }

  // Escalation rates and times of the tickets opened in the range, by the highest level each reached.
  const opened = reached[1] + reached[2] + reached[3];
  const escalated12 = reached[2] + reached[3];
  const escalated23 = reached[3];
  const escalation = { opened, escalated12, escalated23, rate12: share(escalated12, opened), rate23: share(escalated23, escalated12) };
  const figures = timeFiguresOf(parts);
  const byLevel = ['all', ...LEVELS.map(String)].map((group) => figures.get(group)!);
  const byPriority = PRIORITIES.map((priority) => figures.get(priority)!);

  const byLevelOverdue = zeroLevels();
  const zeroPriorities = (): Record<Priority, number> => Object.fromEntries(PRIORITIES.map((priority) => [priority, 0])) as Record<Priority, number>;
  const byPriorityOverdue = zeroPriorities();
  const byLevelPriority: Record<Level, Record<Priority, number>> = { 1: zeroPriorities(), 2: zeroPriorities(), 3: zeroPriorities() };
  for (const row of overdueRows) {
    byLevelOverdue[row.level]++;
    byPriorityOverdue[row.priority]++;
    byLevelPriority[row.level][row.priority]++;
  }
  return {
    days,
    totals,
    escalation,
    byLevel,
    byPriority,
    overdue: {
      total: overdueRows.length,
      byLevel: byLevelOverdue,
      byPriority: byPriorityOverdue,
      byLevelPriority,
      oldest: overdueRows.slice(0, OVERDUE_LIMIT),
    },
  };
}
