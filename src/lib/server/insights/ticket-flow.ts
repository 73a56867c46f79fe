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

function timeFigures(group: string, rows: { response: number | null; solution: number | null }[]): TimeFigures {
  const responses: number[] = [];
  const solutions: number[] = [];
  for (const row of rows) {
    if (row.response !== null) responses.push(row.response);
    if (row.solution !== null) solutions.push(row.solution);
  }
  responses.sort((a, b) => a - b);
  solutions.sort((a, b) => a - b);
  return {
    group,
    responded: responses.length,
    firstResponseMedian: medianOfSorted(responses),
    firstResponseP90: percentileOfSorted(responses, 90),
    solved: solutions.length,
    solutionMedian: medianOfSorted(solutions),
    solutionP90: percentileOfSorted(solutions, 90),
  };
}

const zeroLevels = (): Record<Level, number> => ({ 1: 0, 2: 0, 3: 0 });

/** The ticket figures of a range; `now` decides what is overdue. */
export async function ticketFlowInsights(database: Database, range: InsightRange, now = Date.now()): Promise<TicketFlow> {
  const firstDay = range.firstDay;
  const days: TicketDay[] = daysOf(range).map((day) => ({ day, opened: 0, solved: zeroLevels(), escalated12: 0, escalated23: 0 }));
  const dayAt = (day: number): TicketDay | undefined => days[day - firstDay];
  const db = database.kysely;
  const rows = <Row extends object>(query: { execute(db: typeof database.kysely): Promise<{ rows: Row[] }> }): Promise<Row[]> => query.execute(db).then((result) => result.rows);

  const [opened, solved, escalated, cohortRows, overdueRows] = await Promise.all([
    countByDeskDay((width) =>
      rows(sql<{ bucket: number; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, COUNT(*) AS n FROM tickets
        WHERE created_at >= ${range.start} AND created_at < ${range.end} GROUP BY created_at / ${sql.lit(width)}`),
    ),
    countByDeskDay((width) =>
      rows(sql<{ bucket: number; level: Level | null; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, level, COUNT(*) AS n FROM ticket_events
        WHERE type = 'status' AND to_value = 'solved' AND created_at >= ${range.start} AND created_at < ${range.end}
        GROUP BY created_at / ${sql.lit(width)}, level`),
    ),
    countByDeskDay((width) =>
      rows(sql<{ bucket: number; toLevel: string; n: number }>`
        SELECT created_at / ${sql.lit(width)} AS bucket, to_value AS "toLevel", COUNT(*) AS n FROM ticket_events
        WHERE type = 'escalated' AND to_value IN ('2', '3') AND created_at >= ${range.start} AND created_at < ${range.end}
        GROUP BY created_at / ${sql.lit(width)}, to_value`),
    ),
    // The tickets opened in the range, with the highest level each reached.
    rows(sql<{ priority: Priority; createdAt: number; firstResponseAt: number | null; solvedAt: number | null; topLevel: number }>`
      SELECT t.priority, t.created_at AS "createdAt", t.first_response_at AS "firstResponseAt", t.solved_at AS "solvedAt",
        COALESCE(e.top, 1) AS "topLevel"
      FROM tickets t LEFT JOIN (
        SELECT ticket_id, MAX(CAST(to_value AS INTEGER)) AS top FROM ticket_events
        WHERE type = 'escalated' AND to_value IN ('2', '3') AND created_at >= ${range.start} GROUP BY ticket_id
      ) e ON e.ticket_id = t.id
      WHERE t.created_at >= ${range.start} AND t.created_at < ${range.end}`),
    rows(sql<OverdueTicket>`
      SELECT reference, level, priority, first_response_due AS due FROM tickets
      WHERE status IN ('new', 'open', 'waiting') AND first_response_at IS NULL AND first_response_due < ${now}
      ORDER BY first_response_due, id`),
  ]);
  for (const row of opened) {
    const day = dayAt(row.day);
    if (day) day.opened += Number(row.n);
  }
  for (const row of solved) {
    const day = dayAt(row.day);
    if (day) day.solved[(Number(row.level ?? 1) as Level)] += Number(row.n);
  }
  for (const row of escalated) {
    const day = dayAt(row.day);
    if (!day) continue;
    if (row.toLevel === '2') day.escalated12 += Number(row.n);
    if (row.toLevel === '3') day.escalated23 += Number(row.n);
  }
  const totals = { opened: 0, solved: zeroLevels(), escalated12: 0, escalated23: 0 };
  for (const day of days) {
    totals.opened += day.opened;
    for (const level of LEVELS) totals.solved[level] += day.solved[level];
    totals.escalated12 += day.escalated12;
    totals.escalated23 += day.escalated23;
  }
  const cohort = cohortRows.map((row) => ({ ...row, topLevel: Number(row.topLevel) as Level }));

  const escalated12 = cohort.filter((row) => row.topLevel >= 2).length;
  const escalated23 = cohort.filter((row) => row.topLevel >= 3).length;
  const escalation = { opened: cohort.length, escalated12, escalated23, rate12: share(escalated12, cohort.length), rate23: share(escalated23, escalated12) };
  const times = cohort.map((row) => ({
    level: row.topLevel,
    priority: row.priority,
    response: row.firstResponseAt === null ? null : row.firstResponseAt - row.createdAt,
    solution: row.solvedAt === null ? null : row.solvedAt - row.createdAt,
  }));
  const byLevel = [timeFigures('all', times), ...LEVELS.map((level) => timeFigures(String(level), times.filter((row) => row.level === level)))];
  const byPriority = PRIORITIES.map((priority) => timeFigures(priority, times.filter((row) => row.priority === priority)));

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
