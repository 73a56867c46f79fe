/**
 * The live desk in the browser. Live view counts in the staff navigation: one EventSource per
 * desk tab on /staff/api/events; each `counts` event updates the numbers (and announces
 * nothing: the counts are glanceable, not interrupting). On a ticket page also the collision
 * warning: a heartbeat to /staff/api/presence every few seconds ("viewing", or "replying"
 * while the agent types), a goodbye when the page is left, and the stream's `presence` events
 * shown in the header ("Mara is replying"). The `unread` event updates the notifications
 * bell's count and name. On a view (/staff/views/…) the `desk` event (a fingerprint of all
 * tickets) makes the list fetch itself again when a ticket arrived or changed, and swaps in
 * the new rows (ticked selection boxes stay ticked) and says so in a polite status line. Without JavaScript the counts, the bell,
 * the list and the warning are as rendered (a reload shows the current state).
 */
const nav = document.querySelector('[data-views]');
const ticketBox = document.querySelector<HTMLElement>('[data-ticket-reference]');
const reference = ticketBox?.dataset.ticketReference ?? '';
const presenceBox = document.querySelector<HTMLElement>('[data-presence]');
const bell = document.querySelector<HTMLElement>('[data-bell]');

function showUnread(count: number): void {
  const badge = bell?.querySelector<HTMLElement>('[data-unread-count]');
  if (!bell || !badge) return;
  badge.textContent = String(count);
  badge.dataset.unreadCount = String(count);
  badge.hidden = count === 0;
  bell.setAttribute('aria-label', count > 0 ? (bell.dataset.labelUnread ?? '').replace('{count}', String(count)) : (bell.dataset.label ?? ''));
}

const BEAT_MS = 4_000;
/** Typing keeps the agent "replying" this long after the last key. */
const TYPING_MS = 12_000;

interface PresenceLine {
  name: string;
  state: 'viewing' | 'replying';
  text: string;
}

function showPresence(lines: PresenceLine[]): void {
  if (!presenceBox) return;
  const text = lines.map((line) => line.text).join(' · ');
  if (presenceBox.textContent !== text) presenceBox.textContent = text;
  presenceBox.hidden = lines.length === 0;
  presenceBox.dataset.presenceCount = String(lines.length);
}

const liveList = document.querySelector<HTMLElement>('[data-live-list]');
let listFingerprint = liveList?.dataset.deskFingerprint ?? '';
let refreshing: Promise<void> | null = null;
let refreshAgain = false;

/** Fetches this view again and swaps in its list (keeping ticked boxes and the focus where it can). */
async function refreshList(): Promise<void> {
  if (!liveList) return;
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = (async () => {
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      const list = fresh.querySelector<HTMLElement>('[data-live-list]');
      if (!list) return;
      const ticked = new Set([...liveList.querySelectorAll<HTMLInputElement>('input[type=checkbox][name=ticket]:checked')].map((box) => box.value));
      const focused = document.activeElement instanceof HTMLElement && liveList.contains(document.activeElement) ? document.activeElement.getAttribute('data-focus-key') ?? document.activeElement.id : null;
      liveList.innerHTML = list.innerHTML;
      for (const box of liveList.querySelectorAll<HTMLInputElement>('input[type=checkbox][name=ticket]')) if (ticked.has(box.value)) box.checked = true;
      if (focused) (liveList.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focused)}"]`) ?? document.getElementById(focused))?.focus();
      const total = fresh.querySelector('[data-view-total]');
      const shownTotal = document.querySelector('[data-view-total]');
      if (total && shownTotal) shownTotal.textContent = total.textContent;
      liveList.dataset.deskFingerprint = list.dataset.deskFingerprint ?? '';
      // A quiet word for screen readers (the visible rows speak for themselves).
      const status = document.querySelector<HTMLElement>('[data-live-status]');
      if (status) status.textContent = status.dataset.text ?? '';
      liveList.dispatchEvent(new CustomEvent('desk:list-updated', { bubbles: true }));
    } catch {
      // offline for a moment: the next change tries again
    }
  })();
  await refreshing;
  refreshing = null;
  if (refreshAgain) {
    refreshAgain = false;
    await refreshList();
  }
}

if ((nav || reference || bell || liveList) && 'EventSource' in window) {
  const source = new EventSource(reference ? `/staff/api/events?ticket=${encodeURIComponent(reference)}` : '/staff/api/events');
  source.addEventListener('counts', (event) => {
    if (!nav) return;
    const counts = JSON.parse((event as MessageEvent<string>).data) as Record<string, number>;
    for (const [view, count] of Object.entries(counts)) {
      const cell = nav.querySelector<HTMLElement>(`[data-view-count="${CSS.escape(view)}"]`);
      if (!cell) continue;
      const number = cell.lastChild;
      if (number && number.nodeType === Node.TEXT_NODE) number.textContent = String(count);
      cell.dataset.count = String(count);
    }
  });
  source.addEventListener('desk', (event) => {
    const fingerprint = (event as MessageEvent<string>).data;
    if (!liveList || fingerprint === listFingerprint) return;
    listFingerprint = fingerprint;
    void refreshList();
  });
  source.addEventListener('unread', (event) => showUnread(Number((event as MessageEvent<string>).data)));
  source.addEventListener('presence', (event) => showPresence(JSON.parse((event as MessageEvent<string>).data) as PresenceLine[]));
  window.addEventListener('pagehide', () => source.close());
}

if (reference) {
  const page = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let lastKey = 0;
  let sent: 'viewing' | 'replying' | null = null;
  const state = (): 'viewing' | 'replying' => (Date.now() - lastKey < TYPING_MS ? 'replying' : 'viewing');
  const beat = async (): Promise<void> => {
    const now = state();
    sent = now;
    const body = new FormData();
    body.set('ticket', reference);
    body.set('state', now);
    body.set('page', page);
    try {
      const response = await fetch('/staff/api/presence', { method: 'POST', body, credentials: 'same-origin' });
      if (response.ok) showPresence((await response.json()) as PresenceLine[]);
    } catch {
      // offline for a moment: the next beat tries again
    }
  };
  void beat();
  let timer = setInterval(() => void beat(), BEAT_MS);
  document.addEventListener('input', (event) => {
    const target = event.target as HTMLElement | null;
    if (!target?.matches('[data-reply-body], [data-note-body]')) return;
    lastKey = Date.now();
    if (sent !== 'replying') void beat();
  });
  window.addEventListener('pagehide', () => {
    clearInterval(timer);
    const body = new FormData();
    body.set('ticket', reference);
    body.set('state', 'gone');
    body.set('page', page);
    navigator.sendBeacon('/staff/api/presence', body);
  });
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    void beat();
    timer = setInterval(() => void beat(), BEAT_MS);
  });
}
