/**
 * Satisfaction and resolution: what customers said and whether tickets were solved in time.
 *
 * - Ratings given in the range (`rated_at`; a changed rating counts once, as it is now):
 *   good, bad and the share good — in total, per level and per agent (the level and the owner
 *   of the ticket when it was rated) and per week (ISO weeks, Monday first).
 * - Resolution: of the tickets solved in the range that have a resolution due time (their
 *   last `solved_at`), how many were solved by it (business hours, waiting on the customer
 *   not counted); and the tickets in progress whose resolution is overdue now.
 * The page is for second level and admins only, so the per-agent figures are too.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { LEVELS, type Level } from '../desk/vocabulary.ts';
import { weekKey, weeksOf, type InsightRange } from './range.ts';
import { share } from './stats.ts';

/** Good and bad ratings and the share good (null without ratings). */
export interface RatingCounts {
  good: number;
  bad: number;
  shareGood: number | null;
}

/** The satisfaction and resolution figures of a range. */
export interface Satisfaction {
  total: RatingCounts;
  byLevel: Record<Level, RatingCounts>;
  /** Per agent, most ratings first; "no owner" is agentId null. */
  byAgent: (RatingCounts & { agentId: number | null; agentName: string | null })[];
  byWeek: (RatingCounts & { week: string })[];
  resolution: {
    /** Solved in the range with a resolution due time. */
    solved: number;
    /** Of those, solved by the due time. */
    onTime: number;
    shareOnTime: number | null;
    /** In progress now (new or open) and past the resolution due time. */
    overdueNow: number;
  };
}

const counts = (good: number, bad: number): RatingCounts => ({ good, bad, shareGood: share(good, good + bad) });

/** The figures for a range; `now` decides what is overdue. */
export async function computeSatisfaction(database: Database, range: InsightRange, now: number): Promise<Satisfaction> {
  const db = database.kysely;
  const [rows, solved, overdue] = await Promise.all([
    db
      .selectFrom('ticket_ratings as r')
      .leftJoin('users as u', 'u.id', 'r.agent_id')
      .select(['r.rating', 'r.level', 'r.agent_id', 'r.rated_at', 'u.name as agent_name'])
      .where('r.rated_at', '>=', range.start)
      .where('r.rated_at', '<', range.end)
      .execute() as Promise<{ rating: 'good' | 'bad'; level: Level; agent_id: number | null; rated_at: number; agent_name: string | null }[]>,
    sql<{ solved: number; on_time: number }>`
      SELECT count(*) AS solved, coalesce(sum(CASE WHEN solved_at <= resolution_due THEN 1 ELSE 0 END), 0) AS on_time FROM tickets
      WHERE status IN ('solved', 'closed') AND resolution_due IS NOT NULL AND solved_at >= ${range.start} AND solved_at < ${range.end}`
      .execute(db)
      .then((result) => ({ solved: Number(result.rows[0].solved), on_time: Number(result.rows[0].on_time) })),
    db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['new', 'open'])
      .where('resolution_due', '<', now)
      .executeTakeFirstOrThrow()
      .then((row) => ({ n: Number(row.n) })),
  ]);

  const tally = (list: typeof rows): RatingCounts => counts(list.filter((row) => row.rating === 'good').length, list.filter((row) => row.rating === 'bad').length);
  const byLevel = Object.fromEntries(LEVELS.map((level) => [level, tally(rows.filter((row) => row.level === level))])) as Record<Level, RatingCounts>;
  const agents = new Map<number | null, typeof rows>();
  for (const row of rows) agents.set(row.agent_id, [...(agents.get(row.agent_id) ?? []), row]);
  const byAgent = [...agents]
    .map(([agentId, list]) => ({ agentId, agentName: list[0].agent_name, ...tally(list) }))
    .sort((a, b) => b.good + b.bad - (a.good + a.bad) || (a.agentName ?? '').localeCompare(b.agentName ?? ''));
  const byWeek = weeksOf(range).map((week) => ({ week, ...tally(rows.filter((row) => weekKey(row.rated_at) === week)) }));


  return {
    total: tally(rows),
    byLevel,
    byAgent,
    byWeek,
    resolution: { solved: solved.solved, onTime: solved.on_time, shareOnTime: share(solved.on_time, solved.solved), overdueNow: overdue.n },
  };
}
