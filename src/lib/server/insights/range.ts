/**
 * The date range of the insights page: the last 7, 30 or 90 days (today included) or a
 * custom from–to, read from GET parameters (`?range=30`, `?range=custom&from=2026-01-01&to=2026-03-31`).
 * Days are calendar days in the desk's zone (desk-days.ts); a range covers whole days, `start`
 * (local midnight) inclusive and `end` (local midnight after the last day) exclusive.
 */
import { DAY_MS, dayStart, deskDay, keyOfDay } from './desk-days.ts';

export { DAY_MS };

/** The ranges offered as links. */
export const RANGE_PRESETS = ['7', '30', '90'] as const;

/** A preset or a custom range. */
export type RangePreset = (typeof RANGE_PRESETS)[number] | 'custom';

/** The longest custom range, in days (two years). */
export const MAX_RANGE_DAYS = 731;

/** A resolved range. */
export interface InsightRange {
  preset: RangePreset;
  /** First day, `YYYY-MM-DD` (desk's zone). */
  from: string;
  /** Last day (included), `YYYY-MM-DD` (desk's zone). */
  to: string;
  /** First day, as a day number (desk-days.ts). */
  firstDay: number;
  /** The day after the last, as a day number (exclusive). */
  endDay: number;
  /** Start of `from`, Unix milliseconds (inclusive). */
  start: number;
  /** Start of the day after `to`, Unix milliseconds (exclusive). */
  end: number;
  /** Number of days. */
  dayCount: number;
}

/** What is wrong with a custom range. */
export type RangeProblem = 'from' | 'to' | 'order' | 'tooLong';

/** `YYYY-MM-DD` of the desk-zone day containing `ms`. */
export function dayKey(ms: number): string {
  return keyOfDay(deskDay(ms));
}

/** The day number of a `YYYY-MM-DD` date, or null when it is not a real date. */
export function parseDay(text: string | null | undefined): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return null;
  return ms / DAY_MS;
}

/** The Monday of the ISO week that contains epoch day `day`, as an epoch day. */
export function weekStartDay(day: number): number {
  // Epoch day 0 (1970-01-01) was a Thursday, three days after a Monday.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** A range from epoch day `fromDay` to `toDay` (both included). */
export function rangeOfDays(fromDay: number, toDay: number, preset: RangePreset = 'custom'): InsightRange {
  return {
    preset,
    from: keyOfDay(fromDay),
    to: keyOfDay(toDay),
    firstDay: fromDay,
    endDay: toDay + 1,
    start: dayStart(fromDay),
    end: dayStart(toDay + 1),
    dayCount: toDay - fromDay + 1,
  };
}

/** The last `days` days up to and including today. */
export function lastDays(days: number, now = Date.now(), preset: RangePreset = 'custom'): InsightRange {
  const today = deskDay(now);
  return rangeOfDays(today - days + 1, today, preset);
}

/** The range asked for, the problems with a custom one (then the default, 30 days, is shown), and the input as typed. */
export interface ParsedRange {
  range: InsightRange;
  problems: RangeProblem[];
  input: { range: string; from: string; to: string };
}

/** Reads `range`, `from` and `to` from the query string; anything unknown is the default (30 days). */
export function parseRange(params: URLSearchParams, now = Date.now()): ParsedRange {
  const input = { range: params.get('range') ?? '', from: (params.get('from') ?? '').trim(), to: (params.get('to') ?? '').trim() };
  const preset = (RANGE_PRESETS as readonly string[]).includes(input.range) ? (input.range as RangePreset) : null;
  // A from/to without `range` is a custom range too (the form sends range=custom).
  const custom = input.range === 'custom' || (!preset && (input.from !== '' || input.to !== ''));
  if (!custom) return { range: lastDays(Number(preset ?? '30'), now, preset ?? '30'), problems: [], input };
  const problems: RangeProblem[] = [];
  const fromDay = parseDay(input.from);
  const toDay = parseDay(input.to);
  if (fromDay === null) problems.push('from');
  if (toDay === null) problems.push('to');
  if (fromDay !== null && toDay !== null) {
    if (fromDay > toDay) problems.push('order');
    else if (toDay - fromDay + 1 > MAX_RANGE_DAYS) problems.push('tooLong');
  }
  if (problems.length > 0) return { range: lastDays(30, now, '30'), problems, input: { ...input, range: 'custom' } };
  return { range: rangeOfDays(fromDay!, toDay!), problems, input: { ...input, range: 'custom' } };
}

/** The query string for a range (for links and the CSV export). */
export function rangeQuery(range: InsightRange): Record<string, string> {
  return range.preset === 'custom' ? { range: 'custom', from: range.from, to: range.to } : { range: range.preset };
}

/** Every day of the range, `YYYY-MM-DD`, in order. */
export function daysOf(range: InsightRange): string[] {
  return Array.from({ length: range.dayCount }, (_, i) => keyOfDay(range.firstDay + i));
}

/** The Mondays (`YYYY-MM-DD`) of the weeks the range touches, in order. */
export function weeksOf(range: InsightRange): string[] {
  const weeks: string[] = [];
  for (let week = weekStartDay(range.firstDay); week < range.endDay; week += 7) weeks.push(keyOfDay(week));
  return weeks;
}

/** The week (its Monday, `YYYY-MM-DD`) of a time. */
export function weekKey(ms: number): string {
  return keyOfDay(weekStartDay(deskDay(ms)));
}

/** The week (its Monday, `YYYY-MM-DD`) of day number `day`. */
export function weekOfDay(day: number): string {
  return keyOfDay(weekStartDay(day));
}
