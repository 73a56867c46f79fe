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
import { lockKey, type Trx } from '../platform/database/write-transaction.ts';
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
export async function recordVisitInChange(trx: Trx, visitId: string, at: number, activity: VisitActivity): Promise<void> {
  // Read, then write from what was read: one event of a visit at a time (PostgreSQL; SQLite's writers are serial anyway).
  await lockKey(trx, `visit ${visitId}`);
  const before = await trx.selectFrom('visits').select(['started_at', 'searches', 'answered', 'tickets']).where('id', '=', visitId).executeTakeFirst();
  const after = await trx
    .insertInto('visits')
    .values({ id: visitId, started_at: at, searches: activity.searches ?? 0, answered: activity.answered ?? 0, tickets: activity.tickets ?? 0 })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        // The earlier of the two (no scalar MIN on PostgreSQL, no LEAST on SQLite).
        started_at: eb.case().when('excluded.started_at', '<', eb.ref('visits.started_at')).then(eb.ref('excluded.started_at')).else(eb.ref('visits.started_at')).end(),
        searches: eb('visits.searches', '+', eb.ref('excluded.searches')),
        answered: eb('visits.answered', '+', eb.ref('excluded.answered')),
        tickets: eb('visits.tickets', '+', eb.ref('excluded.tickets')),
      })),
    )
    .returning(['started_at', 'searches', 'answered', 'tickets'])
    .executeTakeFirstOrThrow();
  const was = { kind: kindOf(before), day: before ? deskDay(before.started_at) : null };
  const now = { kind: kindOf(after), day: deskDay(after.started_at) };
  if (was.kind === now.kind && was.day === now.day) return;
  const shift = async (day: number, kind: Exclude<VisitKind, null>, by: number): Promise<void> => {
    await trx
      .insertInto('insight_visit_day')
      .values({ day, self_served: kind === 'self_served' ? by : 0, ticketed: kind === 'ticketed' ? by : 0 })
      .onConflict((oc) =>
        oc.column('day').doUpdateSet((eb) => ({
          self_served: eb('insight_visit_day.self_served', '+', eb.ref('excluded.self_served')),
          ticketed: eb('insight_visit_day.ticketed', '+', eb.ref('excluded.ticketed')),
        })),
      )
      .execute();
  };
  if (was.kind && was.day !== null) await shift(was.day, was.kind, -1);
  if (now.kind) await shift(now.day, now.kind, 1);
}
