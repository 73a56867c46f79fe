/**
 * Rewrites every `<time datetime data-local-time>` in the reader's own time zone (the server
 * wrote it in Europe/Berlin). Same words and format as the server's, only the zone differs.
 * Run from the layout's one script, so pages need no script of their own inside <main>.
 */
import { formatLocalTime } from '../lib/local-time.ts';

export function localiseTimes(): void {
  const lang = document.documentElement.lang === 'de' ? 'de' : 'en';
  for (const element of document.querySelectorAll<HTMLTimeElement>('time[data-local-time]')) {
    const at = Date.parse(element.dateTime);
    if (!Number.isNaN(at)) element.textContent = formatLocalTime(lang, at, null);
  }
}
