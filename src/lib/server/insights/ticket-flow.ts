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
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { LEVELS, PRIORITIES, type Level, type Priority } from '../desk/vocabulary.ts';
import { countByDeskDay } from './desk-days.ts';
import { daysOf, type InsightRange } from './range.ts';
import { medianOfSorted, percentileOfSorted, share } from './stats.ts';

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

/** One ticket of the cohort: the highest level it reached, its priority and its times (null: not yet). */
interface CohortTimes {
  level: Level;
  priority: Priority;
  response: number | null;
  solution: number | null;
}

/** The groups the times are shown for: all tickets, each level, each priority (in this order). */
const TIME_GROUPS = ['all', ...LEVELS.map(String), ...PRIORITIES];
const PRIORITY_INDEX: Record<string, number> = Object.fromEntries(PRIORITIES.map((priority, i) => [priority, i]));

/**
 * One time (response or solution) per group (TIME_GROUPS order), each sorted ascending. The
 * values are sorted once: each carries its ticket's level and priority in its lowest four
 * bits, so one numeric sort of a typed array orders every group at once (a year is 100,000
 * tickets).
 */
function sortedPerGroup(cohort: readonly CohortTimes[], pick: (row: CohortTimes) => number | null): Float64Array[] {
  const packed = new Float64Array(cohort.length);
  let n = 0;
  for (const row of cohort) {
    const value = pick(row);
    if (value !== null) packed[n++] = value * 16 + (row.level - 1) * 4 + PRIORITY_INDEX[row.priority];
  }
  const sorted = packed.subarray(0, n).sort();
  // Group index of a key's code: the level's (1..3) and the priority's (4..7); every value is also in 'all' (0).
  const counts = new Uint32Array(TIME_GROUPS.length);
  counts[0] = n;
  for (let i = 0; i < n; i++) {
    const code = sorted[i] - Math.floor(sorted[i] / 16) * 16;
    counts[1 + (code >> 2)]++;
    counts[4 + (code & 3)]++;
  }
  const groups = Array.from(counts, (count) => new Float64Array(count));
  const filled = new Uint32Array(TIME_GROUPS.length);
  for (let i = 0; i < n; i++) {
    const value = Math.floor(sorted[i] / 16);
    const code = sorted[i] - value * 16;
    groups[0][filled[0]++] = value;
    groups[1 + (code >> 2)][filled[1 + (code >> 2)]++] = value;
    groups[4 + (code & 3)][filled[4 + (code & 3)]++] = value;
  }
  return groups;
}

/** Median and 90th percentile of first response and solution for every group. */
function timeFiguresOf(cohort: readonly CohortTimes[]): Map<string, TimeFigures> {
  const responses = sortedPerGroup(cohort, (row) => row.response);
  const solutions = sortedPerGroup(cohort, (row) => row.solution);
  return new Map(
    TIME_GROUPS.map((group, i) => {
      const response = responses[i];
      const solution = solutions[i];
      return [
        group,
        {
          group,
          responded: response.length,
          firstResponseMedian: medianOfSorted(response),
          firstResponseP90: percentileOfSorted(response, 90),
          solved: solution.length,
          solutionMedian: medianOfSorted(solution),
          solutionP90: percentileOfSorted(solution, 90),
        },
      ];
    }),
  );
}

const zeroLevels = (): Record<Level, number> => ({ 1: 0, 2: 0, 3: 0 });

/** SQL: a ticket's priority as its index in PRIORITIES (a number crosses the connection faster than text). */
const PRIORITY_INDEX_SQL = sql.raw(`CASE priority ${PRIORITIES.map((priority, i) => `WHEN '${priority}' THEN ${i}`).join(' ')} END`);

/**
 * The ticket figures of a range; `now` decides what is overdue. Six queries, run at the same
 * time: the tickets opened in the range (numbers only: id and priority in one, the two times),
 * the highest level each ticket reached since the range began, and per time bucket the tickets
 * opened, the escalations and the solutions; and the overdue tickets. A year is 100,000
 * tickets: every column of those rows counts (on PostgreSQL each crosses the connection).
 */
export async function ticketFlowInsights(database: Database, range: InsightRange, now = Date.now()): Promise<TicketFlow> {
  const firstDay = range.firstDay;
  const days: TicketDay[] = daysOf(range).map((day) => ({ day, opened: 0, solved: zeroLevels(), escalated12: 0, escalated23: 0 }));
  const dayAt = (day: number): TicketDay | undefined => days[day - firstDay];
  const db = database.kysely;
  const rows = <Row extends object>(query: { execute(db: typeof database.kysely): Promise<{ rows: Row[] }> }): Promise<Row[]> => query.execute(db).then((result) => result.rows);

  const [cohortRows, topLevels, opened, escalated, solved, overdueRows] = await Promise.all([
    rows(sql<{ key: number; response: number | null; solution: number | null }>`
      SELECT id * 4 + ${PRIORITY_INDEX_SQL} AS key, first_response_at - created_at AS response, solved_at - created_at AS solution
      FROM tickets WHERE created_at >= ${range.start} AND created_at < ${range.end}`),
    rows(sql<{ ticketId: number; top: number }>`
      SELECT ticket_id AS "ticketId", MAX(CAST(to_value AS INTEGER)) AS top FROM ticket_events
      WHERE type = 'escalated' AND to_value IN ('2', '3') AND created_at >= ${range.start} GROUP BY ticket_id`),
    countByDeskDay((width) =>
      rows(sql<{ bucket: number; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, COUNT(*) AS n FROM tickets
        WHERE created_at >= ${range.start} AND created_at < ${range.end} GROUP BY created_at / ${sql.lit(width)}`),
    ),
    countByDeskDay((width) =>
      rows(sql<{ bucket: number; toLevel: string; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, to_value AS "toLevel", COUNT(*) AS n FROM ticket_events
        WHERE type = 'escalated' AND to_value IN ('2', '3') AND created_at >= ${range.start} AND created_at < ${range.end}
        GROUP BY created_at / ${sql.lit(width)}, to_value`),
    ),
    countByDeskDay((width) =>
      rows(sql<{ bucket: number; level: Level | null; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, level, COUNT(*) AS n FROM ticket_events
        WHERE type = 'status' AND to_value = 'solved' AND created_at >= ${range.start} AND created_at < ${range.end}
        GROUP BY created_at / ${sql.lit(width)}, level`),
    ),
    rows(sql<OverdueTicket>`
      SELECT reference, level, priority, first_response_due AS due FROM tickets
      WHERE status IN ('new', 'open', 'waiting') AND first_response_at IS NULL AND first_response_due < ${now}
      ORDER BY first_response_due, id`),
  ]);
  for (const row of opened) {
    const day = dayAt(row.day);
    if (day) day.opened += Number(row.n);
  }
  for (const row of escalated) {
    const day = dayAt(row.day);
    if (!day) continue;
    if (row.toLevel === '2') day.escalated12 += Number(row.n);
    if (row.toLevel === '3') day.escalated23 += Number(row.n);
  }
  for (const row of solved) {
    const day = dayAt(row.day);
    if (day) day.solved[Number(row.level ?? 1) as Level] += Number(row.n);
  }
  // The highest level each ticket reached since the range began (1 without an escalation).
  const topLevel = new Map<number, Level>();
  for (const row of topLevels) topLevel.set(Number(row.ticketId), Number(row.top) as Level);
  const times = cohortRows.map((row): CohortTimes => {
    const key = Number(row.key);
    return {
      level: topLevel.get(Math.floor(key / 4)) ?? 1,
      priority: PRIORITIES[key % 4],
      response: row.response === null ? null : Number(row.response),
      solution: row.solution === null ? null : Number(row.solution),
    };
  });
  const totals = { opened: 0, solved: zeroLevels(), escalated12: 0, escalated23: 0 };
  for (const day of days) {
    totals.opened += day.opened;
    for (const level of LEVELS) totals.solved[level] += day.solved[level];
    totals.escalated12 += day.escalated12;
    totals.escalated23 += day.escalated23;
  }

  // Escalation rates and times of the tickets opened in the range, by the highest level each reached.
  const escalated12 = times.filter((row) => row.level >= 2).length;
  const escalated23 = times.filter((row) => row.level >= 3).length;
  const escalation = { opened: times.length, escalated12, escalated23, rate12: share(escalated12, times.length), rate23: share(escalated23, escalated12) };
  const figures = timeFiguresOf(times);
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
