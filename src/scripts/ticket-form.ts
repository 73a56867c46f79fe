/**
 * The ticket form's live article suggestions (deflection). While the customer types the
 * subject and description, up to five public articles that match appear beside the form,
 * from the JSON search endpoint, after a short pause in typing. The panel's count is a
 * polite live region; every suggestion is a link plus a "This answered my question" button
 * (a plain form post, see DeflectionPanel.astro), so everything works with the keyboard.
 * Queries the customer settles on are logged once each, with source `ticket-form`.
 */
import { actions } from 'astro:actions';
import type { Suggestion } from './suggestion.ts';
import { appendSegments } from './segments.ts';
import { currentVisitId, VISIT_PARAM } from './visit.ts';
import { articlePath } from '../lib/public-urls.ts';


const DEBOUNCE_MS = 300;
const LOG_AFTER_MS = 2000;
const MIN_QUERY = 3;
const DESCRIPTION_WORDS = 12;

/**
 * The searches for what the customer typed: the subject, and the start of the description
 * (a whole description is too long to match as one query). Duplicates and short texts dropped.
 */
export function deflectionQueries(subject: string, description: string): string[] {
  const clean = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const first = clean(subject);
  const second = clean(description.split(/\s+/).slice(0, DESCRIPTION_WORDS).join(' '));
  return [first, second].filter((query, index, all) => query.length >= MIN_QUERY && all.indexOf(query) === index);
}

async function fetchSuggestions(apiUrl: string, query: string, lang: string, limit: number, signal: AbortSignal): Promise<Suggestion[]> {
  const params = new URLSearchParams({ q: query, lang, limit: String(limit) });
  const response = await fetch(`${apiUrl}?${params}`, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) return [];
  return ((await response.json()) as { results: Suggestion[] }).results;
}

function enhance(panel: HTMLElement): void {
  const form = document.querySelector<HTMLFormElement>('[data-ticket-form]');
  const subject = form?.querySelector<HTMLInputElement>('[name="subject"]');
  const description = form?.querySelector<HTMLTextAreaElement>('[name="description"]');
  const list = panel.querySelector<HTMLUListElement>('[data-deflection-list]');
  const status = panel.querySelector<HTMLElement>('[data-deflection-status]');
  if (!form || !subject || !description || !list || !status) return;
  const { apiUrl = '/api/search', lang = 'en', deflectAction = '' } = panel.dataset;
  const max = Number(panel.dataset.max) || 5;
  const text = (name: string, values: Record<string, string | number> = {}): string =>
    (panel.dataset[name] ?? '').replace(/\{(\w+)\}/g, (_m, key: string) => String(values[key] ?? ''));

  let timer: number | undefined;
  let logTimer: number | undefined;
  let controller: AbortController | null = null;
  let shownKey = JSON.stringify(deflectionQueries(list.dataset.query ?? '', ''));
  let settledQuery = '';
  const logged = new Set<string>();

  const settle = (): void => {
    window.clearTimeout(logTimer);
    const query = settledQuery;
    if (!query || logged.has(query)) return;
    logged.add(query);
    void actions.tickets.logSearch({ q: query, lang: lang === 'de' ? 'de' : 'en', visit: currentVisitId() ?? undefined }).catch(() => {});
  };

  const render = (query: string, suggestions: Suggestion[]): void => {
    list.replaceChildren();
    list.dataset.query = query;
    suggestions.forEach((suggestion, index) => {
      const item = document.createElement('li');
      if (suggestion.lang !== lang) item.lang = suggestion.lang;
      const link = document.createElement('a');
      link.className = 'deflection-title';
      link.id = `deflection-${index}`;
      const visitId = currentVisitId();
      link.href = articlePath(suggestion.lang, suggestion.slug, { q: query, ...(visitId ? { [VISIT_PARAM]: visitId } : {}) });
      appendSegments(link, suggestion.title);
      const meta = document.createElement('span');
      meta.className = 'deflection-meta';
      meta.lang = lang;
      meta.textContent = suggestion.lang === lang ? suggestion.category : `${suggestion.category} · ${text(suggestion.lang === 'de' ? 'textDe' : 'textEn')}`;
      const snippet = document.createElement('p');
      snippet.className = 'deflection-snippet';
      appendSegments(snippet, suggestion.snippet);
      const answered = document.createElement('form');
      answered.method = 'post';
      answered.action = deflectAction;
      answered.className = 'deflection-answered';
      for (const [name, value] of [['article', suggestion.slug], ['query', query], ['lang', lang], [VISIT_PARAM, visitId ?? '']]) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        answered.append(input);
      }
      const button = document.createElement('button');
      button.type = 'submit';
      button.className = 'secondary-button';
      button.lang = lang;
      button.textContent = text('textAnswered');
      button.setAttribute('aria-describedby', link.id);
      answered.append(button);
      // Recording the deflection is the customer's "answered" for this query.
      answered.addEventListener('submit', () => settle());
      item.append(link, meta, snippet, answered);
      list.append(item);
    });
    status.textContent =
      suggestions.length === 0 ? (query ? text('textNone') : text('textEmpty')) : suggestions.length === 1 ? text('textOne') : text('textOther', { count: suggestions.length });
  };

  const update = async (): Promise<void> => {
    const queries = deflectionQueries(subject.value, description.value);
    const key = JSON.stringify(queries);
    if (key === shownKey) return;
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    try {
      const lists = await Promise.all(queries.map((query) => fetchSuggestions(apiUrl, query, lang, max, signal)));
      if (signal.aborted) return;
      const seen = new Set<string>();
      const merged: Suggestion[] = [];
      for (const results of lists) {
        for (const result of results) {
          if (merged.length >= max || seen.has(result.slug)) continue;
          seen.add(result.slug);
          merged.push(result);
        }
      }
      shownKey = key;
      const query = queries[0] ?? '';
      render(query, merged);
      settledQuery = query;
      window.clearTimeout(logTimer);
      if (query) logTimer = window.setTimeout(settle, LOG_AFTER_MS);
    } catch {
      // Aborted by newer typing, or offline: keep what is shown.
    }
  };

  const schedule = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void update(), DEBOUNCE_MS);
  };
  subject.addEventListener('input', schedule);
  description.addEventListener('input', schedule);
  // A second click while the first post is on its way would open the same request twice.
  let sending = false;
  // The send button sits after the suggestions (form="…"), so it is one of the form's elements, not a child.
  const sendButton = (): HTMLButtonElement | undefined =>
    [...form.elements].find((element): element is HTMLButtonElement => element instanceof HTMLButtonElement && element.type === 'submit');
  form.addEventListener('submit', (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    sendButton()?.setAttribute('aria-disabled', 'true');
    settle();
  });
  // Coming back through the browser's history shows the form again, ready to send.
  window.addEventListener('pageshow', () => {
    sending = false;
    sendButton()?.removeAttribute('aria-disabled');
  });
  window.addEventListener('pagehide', () => settle());
}

/** Enhances the ticket form's suggestion panel, if the page has one. */
export function enhanceTicketForm(): void {
  // After a rejected post, start at the list of problems (it links to each field).
  document.querySelector<HTMLElement>('[data-ticket-errors]')?.focus();
  for (const panel of document.querySelectorAll<HTMLElement>('[data-deflection]')) enhance(panel);
}
