/**
 * Visits: a random id that the browser keeps in session storage (src/scripts/visit.ts) and
 * sends along with searches, result clicks, "this answered my question" and the ticket form.
 * It links what one visitor did in one tab without knowing who they are: no IP address, no
 * cookie, no account. Without JavaScript there is no visit id, and nothing is linked.
 *
 * `visits` keeps one summary row per visit (when it started, how many searches, answers and
 * tickets), so that the deflection rate is a scan over visits instead of a join of logs.
 */
import { statement, type Db } from './db.ts';

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

/**
 * Adds activity to a visit's summary row, creating it on the visit's first event; the
 * visit starts at its earliest event. Call it in the same transaction as the event's row.
 */
export function recordVisit(db: Db, visitId: string, at: number, activity: VisitActivity): void {
  statement(
    db,
    `INSERT INTO visits (id, started_at, searches, answered, tickets) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET started_at = MIN(started_at, excluded.started_at), searches = searches + excluded.searches,
       answered = answered + excluded.answered, tickets = tickets + excluded.tickets`,
  ).run(visitId, at, activity.searches ?? 0, activity.answered ?? 0, activity.tickets ?? 0);
}
