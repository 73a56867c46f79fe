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
