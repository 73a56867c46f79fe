/**
 * The insights' calendar days: days in the desk's time zone (DESK_TIME_ZONE, default
 * Europe/Berlin), numbered as days since 1970-01-01 of the local date (day `d` is the local
 * date whose UTC rendering of `d * DAY_MS` reads the same `YYYY-MM-DD`). A day starts at
 * local midnight and lasts 23, 24 or 25 hours (DST changes).
 * Rules that always hold:
 * - every day bucket of the insights (summary tables, SQL `tz_desk_day(ms)`, JS `deskDay`)
 *   uses the one zone set with `setDeskDayZone` (the app sets it at start-up from the desk config;
 *   before that, DESK_TIME_ZONE from the environment or Europe/Berlin);
 * - `dayStart(deskDay(at)) <= at < dayStart(deskDay(at) + 1)`.
 */
import type { Db } from '../platform/db.ts';
import { DESK_TIME_ZONE, isTimeZone, localInstant, zoneOffset } from '../desk/business-hours.ts';

/** One (UTC) day in milliseconds: the step between day numbers. */
export const DAY_MS = 86_400_000;

/** Offsets are read per quarter hour (every zone changes its offset on a quarter hour). */
const SLOT_MS = 15 * 60_000;

// Until the app sets it: the environment's DESK_TIME_ZONE (so scripts count like the server), else the default.
const fromEnv = process.env.DESK_TIME_ZONE?.trim();
let zone = fromEnv && isTimeZone(fromEnv) ? fromEnv : DESK_TIME_ZONE;
let offsets = new Map<number, number>();

/** Sets the zone of the insights' days (the desk's zone). */
export function setDeskDayZone(timeZone: string): void {
  if (timeZone === zone) return;
  zone = timeZone;
  offsets = new Map();
}

/** The zone of the insights' days. */
export function deskDayZone(): string {
  return zone;
}

function offsetAt(at: number): number {
  const slot = Math.floor(at / SLOT_MS);
  let offset = offsets.get(slot);
  if (offset === undefined) {
    if (offsets.size > 200_000) offsets = new Map();
    offset = zoneOffset(slot * SLOT_MS, zone);
    offsets.set(slot, offset);
  }
  return offset;
}

/** The desk-zone calendar day (days since 1970-01-01) that contains the instant `at`. */
export function deskDay(at: number): number {
  return Math.floor((at + offsetAt(at)) / DAY_MS);
}

/** The instant (Unix ms) of local midnight starting day `day`. */
export function dayStart(day: number): number {
  return localInstant(day, 0, zone);
}

/** `YYYY-MM-DD` of day number `day`. */
export function keyOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const registered = new WeakMap<Db, true>();

/**
 * Registers the SQL function `tz_desk_day(ms)` (the desk-zone day of a Unix-ms time) on `db`
 * and returns `db`; call before running SQL that uses it.
 */
export function withDeskDays(db: Db): Db {
  if (!registered.has(db)) {
    db.function('tz_desk_day', { deterministic: true }, (at: unknown) => (typeof at === 'number' || typeof at === 'bigint' ? deskDay(Number(at)) : null));
    registered.set(db, true);
  }
  return db;
}
