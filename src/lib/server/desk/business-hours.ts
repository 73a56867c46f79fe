/**
 * Business hours: the desk's week schedule, its holidays and its time zone, and the two sums
 * due times need — "this much working time after that instant" and "how much working time
 * lies between two instants". Pure (no database, no `astro:*`), so scripts and tests use it.
 *
 * Rules that always hold:
 * - Working intervals are wall-clock times in the desk's zone (`Europe/Berlin` by default),
 *   turned into instants day by day with the zone's offset of that very moment, so a working
 *   day that contains a DST change is one hour shorter or longer, as the clock on the wall.
 * - A holiday (`YYYY-MM-DD` in the desk's zone) has no working time.
 * - Round the clock without holidays (`ALWAYS_OPEN`) is plain millisecond arithmetic.
 * - A schedule always has some working time in every week (`parseBusinessHours` refuses an
 *   empty one), so the sums end; they give up after ten years of holidays with an Error.
 *
 * Only `Intl.DateTimeFormat` is used, to read a zone's offset at an instant (the zone data the
 * runtime ships with); the arithmetic itself is on epoch milliseconds and calendar days.
 */

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1_440;
const MAX_DAYS = 3_660;

/** A working interval of one weekday: minutes after local midnight, `[start, end)`. */
export type WorkingInterval = readonly [start: number, end: number];

/** The desk's working time. */
export interface BusinessHours {
  /** IANA time zone the schedule and the holidays are read in. */
  timeZone: string;
  /** Working intervals per weekday, index 0 = Sunday … 6 = Saturday, sorted, not overlapping. */
  week: readonly (readonly WorkingInterval[])[];
  /** Days without working time, `YYYY-MM-DD` in `timeZone`. */
  holidays: ReadonlySet<string>;
}

/** The desk's default zone. */
export const DESK_TIME_ZONE = 'Europe/Berlin';

const ALL_DAY: readonly WorkingInterval[] = [[0, DAY_MINUTES]];

/** Round the clock, every day, no holidays: due times are plain hours. */
export const ALWAYS_OPEN: BusinessHours = { timeZone: DESK_TIME_ZONE, week: [ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY], holidays: new Set() };

function isAlwaysOpen(hours: BusinessHours): boolean {
  return hours.holidays.size === 0 && hours.week.every((day) => day.length === 1 && day[0][0] === 0 && day[0][1] === DAY_MINUTES);
}

// ---------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** True when the runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(at: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour % 24, minute: fields.minute, second: fields.second };
}

/** The zone's offset from UTC at an instant, in ms (Berlin: +1 h in winter, +2 h in summer). */
export function zoneOffset(at: number, timeZone: string): number {
  const wall = wallClock(at, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The formatter reads whole seconds: compare with the instant cut to its second.
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant at which the wall clock in `timeZone` shows `minute` minutes after midnight of
 * the calendar day `epochDay` (days since 1970-01-01). A time that the clock skips (spring
 * forward) maps to the instant one hour later on the wall; a time it shows twice (fall back),
 * to the first.
 */
export function localInstant(epochDay: number, minute: number, timeZone: string): number {
  const wall = epochDay * 86_400_000 + minute * MINUTE_MS;
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  // Fall back: both readings are valid; take the earlier one.
  if (second !== first && first + zoneOffset(first, timeZone) === wall) return Math.min(first, second);
  return second;
}

/** The calendar day (days since 1970-01-01) in `timeZone` that contains the instant. */
export function localEpochDay(at: number, timeZone: string): number {
  const wall = wallClock(at, timeZone);
  return Math.floor(Date.UTC(wall.year, wall.month - 1, wall.day) / 86_400_000);
}

/** `YYYY-MM-DD` of a calendar day. */
function dayKey(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

/** The working intervals of one calendar day as instants, in order. */
function workingSpans(hours: BusinessHours, epochDay: number): [number, number][] {
  if (hours.holidays.has(dayKey(epochDay))) return [];
  const weekday = new Date(epochDay * 86_400_000).getUTCDay();
  return hours.week[weekday].map(([start, end]) => [localInstant(epochDay, start, hours.timeZone), localInstant(epochDay, end, hours.timeZone)]);
}

// ---------------------------------------------------------------------------------------
// The two sums
// ---------------------------------------------------------------------------------------

/** The instant at which `durationMs` of working time have passed after `start`. */
export function addBusinessTime(start: number, durationMs: number, hours: BusinessHours): number {
  if (durationMs <= 0) return start;
  if (isAlwaysOpen(hours)) return start + durationMs;
  let remaining = durationMs;
  const firstDay = localEpochDay(start, hours.timeZone);
  for (let day = firstDay; day < firstDay + MAX_DAYS; day++) {
    for (const [spanStart, spanEnd] of workingSpans(hours, day)) {
      const from = Math.max(spanStart, start);
      if (from >= spanEnd) continue;
      const available = spanEnd - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
  }
  throw new Error('business hours: no working time within ten years; check BUSINESS_HOURS and HOLIDAYS');
}

/** The working time between two instants (0 when `to` is not after `from`). */
export function businessTimeBetween(from: number, to: number, hours: BusinessHours): number {
  if (to <= from) return 0;
  if (isAlwaysOpen(hours)) return to - from;
  let total = 0;
  const lastDay = localEpochDay(to, hours.timeZone);
  for (let day = localEpochDay(from, hours.timeZone); day <= lastDay; day++) {
    for (const [spanStart, spanEnd] of workingSpans(hours, day)) {
      const start = Math.max(spanStart, from);
      const end = Math.min(spanEnd, to);
      if (end > start) total += end - start;
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function parseClock(text: string, name: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match || Number(match[2]) > 59 || Number(match[1]) > 24 || (Number(match[1]) === 24 && match[2] !== '00')) {
    throw new Error(`${name}: "${text}" is not a time like 08:00 (00:00 to 24:00)`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

function parseDays(text: string, name: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [first, last] = part.split('-').map((day) => WEEKDAYS.indexOf(day.trim().toLowerCase() as (typeof WEEKDAYS)[number]));
    if (first < 0 || (last !== undefined && last < 0)) throw new Error(`${name}: "${part.trim()}" is not a weekday or range like mon-fri (days: ${WEEKDAYS.join(', ')})`);
    // mon-fri, or sat-sun: a range may wrap past Saturday.
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === (last ?? first)) break;
    }
  }
  return [...days];
}

/**
 * Parses the desk's working time:
 * - `BUSINESS_HOURS`: `always` (default: round the clock), or `;`-separated entries
 *   "days from-to[,from-to]", e.g. `mon-fri 08:00-18:00; sat 09:00-13:00`.
 * - `HOLIDAYS`: comma-separated `YYYY-MM-DD`.
 * - `DESK_TIME_ZONE`: an IANA zone (default `Europe/Berlin`).
 * Throws an Error naming the variable and the expected format for a bad value.
 */
export function parseBusinessHours(env: { BUSINESS_HOURS?: string; HOLIDAYS?: string; DESK_TIME_ZONE?: string }): BusinessHours {
  const timeZone = env.DESK_TIME_ZONE?.trim() || DESK_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new Error(`DESK_TIME_ZONE: "${timeZone}" is not a time zone this runtime knows (expected e.g. "Europe/Berlin")`);
  const holidays = new Set<string>();
  for (const part of (env.HOLIDAYS ?? '').split(',')) {
    const text = part.trim();
    if (!text) continue;
    const date = new Date(`${text}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
      throw new Error(`HOLIDAYS: "${text}" is not a date like 2026-12-25`);
    }
    holidays.add(text);
  }
  const scheduleText = env.BUSINESS_HOURS?.trim() || 'always';
  if (scheduleText.toLowerCase() === 'always') return { timeZone, week: ALWAYS_OPEN.week, holidays };
  const week: WorkingInterval[][] = [[], [], [], [], [], [], []];
  for (const entry of scheduleText.split(';')) {
    const text = entry.trim();
    if (!text) continue;
    const match = /^(\S+)\s+(.+)$/.exec(text);
    if (!match) throw new Error(`BUSINESS_HOURS: "${text}" is not "days from-to" (expected e.g. "mon-fri 08:00-18:00; sat 09:00-13:00")`);
    const days = parseDays(match[1], 'BUSINESS_HOURS');
    for (const range of match[2].split(',')) {
      const [fromText, toText] = range.trim().split('-');
      if (toText === undefined) throw new Error(`BUSINESS_HOURS: "${range.trim()}" is not a range like 08:00-18:00`);
      const from = parseClock(fromText.trim(), 'BUSINESS_HOURS');
      const to = parseClock(toText.trim(), 'BUSINESS_HOURS');
      if (to <= from) throw new Error(`BUSINESS_HOURS: "${range.trim()}" ends before it starts`);
      for (const day of days) {
        if (week[day].some(([start, end]) => from < end && start < to)) throw new Error(`BUSINESS_HOURS: ${WEEKDAYS[day]} has overlapping hours`);
        week[day].push([from, to]);
      }
    }
  }
  if (week.every((day) => day.length === 0)) throw new Error('BUSINESS_HOURS: no working time in the week');
  for (const day of week) day.sort((a, b) => a[0] - b[0]);
  return { timeZone, week, holidays };
}
