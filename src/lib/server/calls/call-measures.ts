/**
 * Measures of the call desk for a time range, ready for the insights page:
 *
 * - first-contact resolution: the share of calls solved on the call;
 * - calls per day: every day (desk's zone) of the range with its calls (zero days included) and the
 *   average per day;
 * - handling time per agent level (the role of the agent who took the call, at that time):
 *   number of calls, median and 90th percentile in seconds.
 *
 * The insights page shows them (section `calls` in insights/sections.ts).
 *
 * A call is a ticket with channel `phone` and a recorded outcome; the range is on its
 * creation time, `from` inclusive, `to` exclusive (Unix milliseconds). Percentiles use the
 * nearest-rank method (the value below which at least p % of the calls lie, always an actual
 * handling time); the median of an even count is the mean of the two middle values.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Role } from '../accounts/roles.ts';
import { medianOfSorted, percentileOfSorted } from '../insights/stats.ts';
import { deskDay, keyOfDay } from '../insights/desk-days.ts';

/** Handling times of the calls taken by one agent level. */
export interface HandlingByLevel {
  /** The role of the agents who took the calls. */
  role: Role;
  /** 1, 2 or 3; null for admins (no level). */
  level: 1 | 2 | 3 | null;
  calls: number;
  /** Median handling time in seconds; null without calls. */
  medianSeconds: number | null;
  /** 90th-percentile handling time in seconds (nearest rank); null without calls. */
  p90Seconds: number | null;
}

/** One UTC day of the range. */
export interface CallDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  calls: number;
  solvedOnCall: number;
}

/** The call desk's measures for a range. */
export interface CallMeasures {
  from: number;
  to: number;
  calls: number;
  solvedOnCall: number;
  openedAsTicket: number;
  escalated: number;
  /** solvedOnCall / calls, 0..1; null without calls. */
  firstContactResolution: number | null;
  /** calls / days in the range (partial days count as days). */
  callsPerDay: number;
  days: CallDay[];
  /** One row per role that took calls in the range, in level order (admins last). */
  handling: HandlingByLevel[];
}

const ROLE_LEVEL: Record<Role, 1 | 2 | 3 | null> = { first_level: 1, second_level: 2, third_level: 3, admin: null };
const ROLE_ORDER: Role[] = ['first_level', 'second_level', 'third_level', 'admin'];

/** `YYYY-MM-DD` of the desk-zone day of an instant (the insights' days, desk-days.ts). */
function deskDate(at: number): string {
  return keyOfDay(deskDay(at));
}

/** The call desk's measures for calls created in [from, to). */
export async function measureCalls(database: Database, range: { from: number; to: number }): Promise<CallMeasures> {
  const { from, to } = range;
  if (!(to > from)) throw new RangeError('measureCalls: "to" must be after "from"');
  const rows = (await database.kysely
    .selectFrom('tickets')
    .select(['created_at', 'call_outcome', 'call_agent_role', 'handling_seconds'])
    .where('channel', '=', 'phone')
    .where('call_outcome', 'is not', null)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute()) as { created_at: number; call_outcome: 'solved' | 'ticket' | 'escalated'; call_agent_role: Role | null; handling_seconds: number | null }[];

  const days: CallDay[] = [];
  const dayIndex = new Map<string, CallDay>();
  for (let d = deskDay(from), last = deskDay(to - 1); d <= last; d++) {
    const day = { date: keyOfDay(d), calls: 0, solvedOnCall: 0 };
    days.push(day);
    dayIndex.set(day.date, day);
  }
  const times = new Map<Role, number[]>();
  let solvedOnCall = 0;
  let openedAsTicket = 0;
  let escalated = 0;
  for (const row of rows) {
    const day = dayIndex.get(deskDate(row.created_at))!;
    day.calls += 1;
    if (row.call_outcome === 'solved') {
      solvedOnCall += 1;
      day.solvedOnCall += 1;
    } else if (row.call_outcome === 'ticket') openedAsTicket += 1;
    else escalated += 1;
    if (row.call_agent_role && row.handling_seconds !== null) {
      const list = times.get(row.call_agent_role) ?? [];
      list.push(row.handling_seconds);
      times.set(row.call_agent_role, list);
    }
  }
  const handling: HandlingByLevel[] = ROLE_ORDER.filter((role) => times.has(role)).map((role) => {
    const sorted = times.get(role)!.sort((a, b) => a - b);
    return { role, level: ROLE_LEVEL[role], calls: sorted.length, medianSeconds: medianOfSorted(sorted), p90Seconds: percentileOfSorted(sorted, 90) };
  });
  return {
    from,
    to,
    calls: rows.length,
    solvedOnCall,
    openedAsTicket,
    escalated,
    firstContactResolution: rows.length === 0 ? null : solvedOnCall / rows.length,
    callsPerDay: days.length === 0 ? 0 : rows.length / days.length,
    days,
    handling,
  };
}
