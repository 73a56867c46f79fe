/**
 * The insights' calendar days: days in the desk's time zone (DESK_TIME_ZONE, default
 * Europe/Berlin), numbered as days since 1970-01-01 of the local date (day `d` is the local
 * date whose UTC rendering of `d * DAY_MS` reads the same `YYYY-MM-DD`). A day starts at
 * local midnight and lasts 23, 24 or 25 hours (DST changes).
 * Rules that always hold:
 * - every day bucket of the insights (summary tables, `countByDeskDay`, JS `deskDay`)
 *   uses the one zone set with `setDeskDayZone` (the app sets it at start-up from the desk config;
 *   before that, DESK_TIME_ZONE from the environment or Europe/Berlin);
 * - SQL never computes a day (no date functions, no per-engine SQL): it groups times by
 *   `time / width` (integer division on both engines) with a width that no day boundary
 *   falls inside, and JS turns those buckets into days (`countByDeskDay`);
 * - `dayStart(deskDay(at)) <= at < dayStart(deskDay(at) + 1)`.
 */
import { DESK_TIME_ZONE, isTimeZone, localInstant, zoneOffset } from '../desk/business-hours.ts';

/** One (UTC) day in milliseconds: the step between day numbers. */
export const DAY_MS = 86_400_000;

/** Offsets are read per quarter hour (every zone changes its offset on a quarter hour). */
const SLOT_MS = 15 * 60_000;

// Until the app sets it: the environment's DESK_TIME_ZONE (so scripts count like the server), else the default.
const fromEnv = process.env.DESK_TIME_ZONE?.trim();
let zone = fromEnv && isTimeZone(fromEnv) ? fromEnv : DESK_TIME_ZONE;
let offsets = new Map<number, number>();
/** Per UTC day: its offset when it does not change that day, else null (then per quarter hour). */
let dayOffsets = new Map<number, number | null>();

/** Sets the zone of the insights' days (the desk's zone). */
export function setDeskDayZone(timeZone: string): void {
  if (timeZone === zone) return;
  zone = timeZone;
  offsets = new Map();
  dayOffsets = new Map();
}

/** The zone of the insights' days. */
export function deskDayZone(): string {
  return zone;
}

/**
 * The zone's offset at `at`. Per UTC day, the offset is looked up twice (its first and last
 * quarter hour); on the days without a change (all but two a year) that is the offset of the
 * whole day, so a year of times costs about 730 lookups instead of 35,000.
 */
function offsetAt(at: number): number {
  const utcDay = Math.floor(at / DAY_MS);
  let whole = dayOffsets.get(utcDay);
  if (whole === undefined) {
    if (dayOffsets.size > 100_000) dayOffsets = new Map();
    const first = zoneOffset(utcDay * DAY_MS, zone);
    whole = first === zoneOffset((utcDay + 1) * DAY_MS - SLOT_MS, zone) ? first : null;
    dayOffsets.set(utcDay, whole);
  }
  if (whole !== null) return whole;
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

/**
 * Bucket widths for grouping times in SQL, widest first: an hour (every zone with whole-hour
 * offsets), then half and quarter hours (India, Nepal, Lord Howe Island), then a minute.
 */
export const BUCKET_WIDTHS_MS = [3_600_000, 1_800_000, 900_000, 60_000] as const;

/**
 * Counts by desk day without computing days in SQL: `query(width)` groups its rows by
 * `time / width` (use `sql.lit(width)`: an integer literal, so it is integer division on both
 * engines) and returns each group's `bucket` with its counts; each bucket becomes the desk
 * day it lies in. Should a bucket straddle a local midnight (a zone whose offset is not a
 * multiple of the width), the query runs again with the next narrower width.
 */
export async function countByDeskDay<Row extends { bucket: number }>(query: (width: number) => Promise<Row[]>): Promise<(Omit<Row, 'bucket'> & { day: number })[]> {
  return (await countByBucket(query)).map(({ start, ...counts }) => ({ ...(counts as unknown as Omit<Row, 'bucket'>), day: deskDay(start) }));
}

/**
 * Like `countByDeskDay`, but each group keeps the start of its time bucket (Unix ms) instead
 * of its day: no bucket straddles a local midnight, so every time in it lies on `deskDay(start)`.
 */
export async function countByBucket<Row extends { bucket: number }>(query: (width: number) => Promise<Row[]>): Promise<(Omit<Row, 'bucket'> & { start: number })[]> {
  for (const width of BUCKET_WIDTHS_MS) {
    const rows = await query(width);
    const buckets: (Omit<Row, 'bucket'> & { start: number })[] = [];
    let straddles = false;
    for (const { bucket, ...counts } of rows) {
      const start = Number(bucket) * width;
      if (width > BUCKET_WIDTHS_MS.at(-1)! && deskDay(start + width - 1) !== deskDay(start)) {
        straddles = true;
        break;
      }
      buckets.push({ ...counts, start });
    }
    if (!straddles) return buckets;
  }
  throw new Error('unreachable: the narrowest width is always used');
}

