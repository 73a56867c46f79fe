/**
 * The visit id: 128 random bits kept in the tab's session storage, renewed after 30 minutes
 * without a page view. It travels with searches, result clicks, "this answered my question"
 * and the ticket form, so that the insights page can tell a visit that found its answer from
 * one that opened a ticket. It identifies nobody: no cookie, nothing sent on its own, and it
 * is gone when the tab closes. Without JavaScript (or storage) there is simply no visit id.
 */

const KEY = 'tz_visit';
const IDLE_MS = 30 * 60_000;
const VISIT_ID = /^[0-9a-f]{32}$/;

/** The URL parameter the id travels in from search results to the article (see analytics.ts). */
export const VISIT_PARAM = 'visit';

function newVisitId(): string {
  // getRandomValues works on plain http too (randomUUID needs a secure context).
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The tab's visit id (a new one after 30 idle minutes), or null when storage is unavailable. */
export function currentVisitId(now = Date.now()): string | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { id?: unknown; seen?: unknown } | null;
    const fresh = stored && typeof stored.id === 'string' && VISIT_ID.test(stored.id) && typeof stored.seen === 'number' && now - stored.seen < IDLE_MS;
    const id = fresh ? (stored.id as string) : newVisitId();
    sessionStorage.setItem(KEY, JSON.stringify({ id, seen: now }));
    return id;
  } catch {
    return null;
  }
}

/**
 * Fills every `<input data-visit-field>` with the visit id, adds it to every link and form
 * marked `data-carry-visit` (the search page's results, pages and filters: the server renders
 * them without it, so one cached page serves every visit), and takes the id out of the
 * address bar when it came in the URL, so that bookmarks and shared links never carry it.
 */
export function fillVisitFields(): void {
  const id = currentVisitId();
  if (id) for (const input of document.querySelectorAll<HTMLInputElement>('input[data-visit-field]')) input.value = id;
  if (id) carryVisit(id);
  const url = new URL(window.location.href);
  if (url.searchParams.has(VISIT_PARAM)) {
    url.searchParams.delete(VISIT_PARAM);
    window.history.replaceState(window.history.state, '', url);
  }
}

/** Adds the visit id to the links and forms marked `data-carry-visit`. */
function carryVisit(id: string): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-carry-visit]')) {
    if (element instanceof HTMLAnchorElement) {
      const url = new URL(element.href, window.location.href);
      url.searchParams.set(VISIT_PARAM, id);
      element.href = url.pathname + url.search + url.hash;
    } else if (element instanceof HTMLFormElement && !element.querySelector(`input[name="${VISIT_PARAM}"]`)) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = VISIT_PARAM;
      input.value = id;
      element.append(input);
    }
  }
}
