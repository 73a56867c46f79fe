/**
 * Keyboard work in the desk's ticket lists (views, the start page, search results): j and k
 * move to the next and the previous ticket — the focus goes to its reference link, so Enter
 * opens it and the browser shows where one is — and x ticks the ticket's box for a bulk
 * action. Keys typed into a field, with Ctrl, Alt or Meta, or while a dialog is open are left
 * alone. When the live list swaps in new rows, the ticket one was on keeps the focus. The hint
 * above the first list shows only when this script runs (without it the keys do nothing).
 */
import { isTyping } from './typing.ts';

const ROW = 'tr[data-ticket]';

function rows(): HTMLTableRowElement[] {
  return [...document.querySelectorAll<HTMLTableRowElement>(`[data-desk-table] ${ROW}`)];
}

/** The reference of the ticket the keys are on, to find it again after a live update. */
let current: string | null = null;

function focusRow(row: HTMLTableRowElement): void {
  const link = row.querySelector<HTMLAnchorElement>('a[href^="/staff/tickets/"]');
  if (!link) return;
  current = row.dataset.ticket ?? null;
  link.focus({ preventScroll: true });
  row.scrollIntoView({ block: 'nearest' });
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
  if (event.key !== 'j' && event.key !== 'k' && event.key !== 'x') return;
  if (document.querySelector('dialog[open]')) return;
  const list = rows();
  if (list.length === 0) return;
  const active = document.activeElement instanceof Element ? document.activeElement.closest<HTMLTableRowElement>(ROW) : null;
  const index = active ? list.indexOf(active) : -1;
  if (event.key === 'x') {
    if (!active) return;
    const box = active.querySelector<HTMLInputElement>('input[type=checkbox][name=ticket]');
    if (!box) return;
    event.preventDefault();
    box.click();
    return;
  }
  event.preventDefault();
  const next = event.key === 'j' ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0);
  focusRow(list[next]!);
});

function showHint(): void {
  const hint = document.querySelector<HTMLElement>('[data-list-keys]');
  if (hint) hint.hidden = false;
}

// The live list swapped its rows: the hint shows again, and the ticket one was on keeps the
// focus if it is still listed.
document.addEventListener('desk:list-updated', () => {
  showHint();
  if (!current || (document.activeElement && document.activeElement !== document.body)) return;
  const row = rows().find((candidate) => candidate.dataset.ticket === current);
  if (row) focusRow(row);
});

showHint();
