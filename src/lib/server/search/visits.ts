/**
 * Visits: a random id that the browser keeps in session storage (src/scripts/visit.ts) and
 * sends along with searches, result clicks, "this answered my question" and the ticket form.
 * It links what one visitor did in one tab without knowing who they are: no IP address, no
 * cookie, no account. Without JavaScript there is no visit id, and nothing is linked.
 *
 * `visits` keeps one row per visit (when it started, how many searches, answers and tickets),
 * and `insight_visit_day` counts per day the visits that served themselves and those that
 * opened a ticket, so that the deflection rate is a read of a few rows per day.
 */
import { statement, type Db } from '../platform/db.ts';
import { deskDay } from '../insights/desk-days.ts';

/** A visit id: 32 lower-case hex digits (128 random bits). */
const VISIT_ID = /^[0-9a-f]{32}$/;

/** The visit id when `value` is a well-formed one, else null (never an error: it is optional). */
export function parseVisitId(value: unknown): string | null {
  return typeof value === 'string' && VISIT_ID.test(value) ? value : null;
}

/** What a visit did, to add to its summary row. */
export interface VisitActivity {
  searches?: number;
  answered?: number;
  tickets?: number;
}

type VisitKind = 'self_served' | 'ticketed' | null;

/** Self-served: searched or answered, no ticket; ticketed: opened a ticket. */
function kindOf(row: { searches: number; answered: number; tickets: number } | undefined): VisitKind {
  if (!row) return null;
  if (row.tickets > 0) return 'ticketed';
  return row.searches > 0 || row.answered > 0 ? 'self_served' : null;
}


/**
 * Adds activity to a visit's row, creating it on the visit's first event (the visit starts
 * at its earliest event), and moves the visit in the daily summary (`insight_visit_day`)
 * when it becomes self-served or ticketed. Call it inside the event's transaction.
 */
export function recordVisit(db: Db, visitId: string, at: number, activity: VisitActivity): void {
  const before = statement(db, 'SELECT started_at, searches, answered, tickets FROM visits WHERE id = ?').get(visitId) as
    | { started_at: number; searches: number; answered: number; tickets: number }
    | undefined;
  const after = statement(
    db,
    `INSERT INTO visits (id, started_at, searches, answered, tickets) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET started_at = MIN(started_at, excluded.started_at), searches = searches + excluded.searches,
       answered = answered + excluded.answered, tickets = tickets + excluded.tickets
     RETURNING started_at, searches, answered, tickets`,
  ).get(visitId, at, activity.searches ?? 0, activity.answered ?? 0, activity.tickets ?? 0) as { started_at: number; searches: number; answered: number; tickets: number };
  const was = { kind: kindOf(before), day: before ? deskDay(before.started_at) : null };
  const now = { kind: kindOf(after), day: deskDay(after.started_at) };
  if (was.kind === now.kind && was.day === now.day) return;
  const shift = (day: number, kind: Exclude<VisitKind, null>, by: number): void => {
    statement(
      db,
      `INSERT INTO insight_visit_day (day, self_served, ticketed) VALUES (?, ?, ?)
       ON CONFLICT (day) DO UPDATE SET self_served = self_served + excluded.self_served, ticketed = ticketed + excluded.ticketed`,
    ).run(day, kind === 'self_served' ? by : 0, kind === 'ticketed' ? by : 0);
  };
  if (was.kind && was.day !== null) shift(was.day, was.kind, -1);
  if (now.kind) shift(now.day, now.kind, 1);
}
