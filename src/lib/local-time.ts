/**
 * Times as a customer reads them: date and time in words of the page's language, in a time
 * zone — Europe/Berlin on the server (the product's home; the page works without JavaScript),
 * the browser's own zone once `scripts/local-time.ts` has run. Shared by server and browser,
 * so both write the same format. Rule: never a zone abbreviation like "UTC" in the text — the
 * `<time datetime>` attribute carries the exact instant.
 */
import type { Lang } from './languages.ts';

/** The zone the server writes times in before the browser knows better. */
export const SERVER_TIME_ZONE = 'Europe/Berlin';

const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

/** `at` (ms since epoch) as "6 December 2026 at 03:04" / "6. Dezember 2026 um 03:04"; `timeZone` null = the runtime's own zone. */
export function formatLocalTime(lang: Lang, at: number, timeZone: string | null = SERVER_TIME_ZONE): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(at));
}

const deskFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Formatted desk times, by formatter and instant: a queue page shows the same tickets' times
 * on every refresh, and Intl formatting is the costly part of rendering a row. Emptied when full.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 20_000;

function remember(key: string, make: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    text = make();
    formatted.set(key, text);
  }
  return text;
}

/**
 * `at` as staff read it: "6 Dec 2026, 03:04" / "06.12.2026, 03:04" in the desk's zone
 * (`DESK_TIME_ZONE`, Europe/Berlin by default); `clockOnly` gives just "03:04". Formatters
 * are made once per language and zone (a queue page formats hundreds of times).
 */
export function formatDeskTime(lang: Lang, at: number, timeZone: string = SERVER_TIME_ZONE, clockOnly = false): string {
  const key = `${lang} ${timeZone} ${clockOnly}`;
  let format = deskFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], clockOnly ? { timeStyle: 'short', timeZone } : { dateStyle: 'medium', timeStyle: 'short', timeZone });
    deskFormats.set(key, format);
  }
  const formatter = format;
  return remember(`${key} ${at}`, () => formatter.format(new Date(at)));
}

const compactFormats = new Map<string, { short: Intl.DateTimeFormat; year: Intl.DateTimeFormat }>();
/** The current year per zone, looked up at most once a minute. */
const currentYears = new Map<string, { minute: number; year: string }>();

/**
 * `at` as a dense desk list shows it: without the year when it falls in the current year of
 * the desk's zone ("05.12., 14:30" / "5 Dec, 14:30"), like `formatDeskTime` otherwise. The
 * full date stays in the `<time>` element's title.
 */
export function formatDeskTimeCompact(lang: Lang, at: number, timeZone: string = SERVER_TIME_ZONE, now = Date.now()): string {
  const key = `${lang} ${timeZone}`;
  let formats = compactFormats.get(key);
  if (!formats) {
    const de = lang === 'de';
    formats = {
      short: new Intl.DateTimeFormat(LOCALES[lang], { day: de ? '2-digit' : 'numeric', month: de ? '2-digit' : 'short', hour: '2-digit', minute: '2-digit', timeZone }),
      year: new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }),
    };
    compactFormats.set(key, formats);
  }
  const { short, year } = formats;
  const minute = Math.floor(now / 60_000);
  let current = currentYears.get(timeZone);
  if (current?.minute !== minute) currentYears.set(timeZone, (current = { minute, year: year.format(now) }));
  const thisYear = current.year;
  return remember(`${key} compact ${thisYear} ${at}`, () => (year.format(at) === thisYear ? short.format(at) : formatDeskTime(lang, at, timeZone)));
}
