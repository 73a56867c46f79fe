/**
 * Results as you type, for every search form marked `data-instant-search`.
 *
 * The form stays a plain GET form to /search (works without JavaScript); this script turns
 * its input into a WAI-ARIA combobox (editable, list autocomplete) with a listbox of
 * suggestions. Suggestions come from the public index, downloaded once on first focus
 * from a content-hashed URL, or from the server's JSON endpoint when the index is too
 * large to ship (the form then has no index URL).
 */
import type { Suggestion } from './suggestion.ts';
import { appendSegments } from './segments.ts';
import { currentVisitId, VISIT_PARAM } from './visit.ts';
import { articlePath, searchPath } from '../lib/public-urls.ts';


type LocalSearch = (query: string, lang: 'de' | 'en', limit: number) => Suggestion[];

const DEBOUNCE_MS = 120;
const LOG_AFTER_MS = 1500;
const MAX_SUGGESTIONS = 8;

let localSearch: Promise<LocalSearch | null> | null = null;

/** Downloads the shipped index once; null when it cannot be had (the endpoint is used then). */
function loadLocalSearch(url: string): Promise<LocalSearch | null> {
  localSearch ??= import('./local-search.ts')
    .then((module) => module.loadLocalSearch(url))
    .catch(() => null);
  return localSearch;
}

async function fetchSuggestions(apiUrl: string, query: string, lang: string, signal: AbortSignal): Promise<Suggestion[]> {
  const params = new URLSearchParams({ q: query, lang, limit: String(MAX_SUGGESTIONS) });
  const response = await fetch(`${apiUrl}?${params}`, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) return [];
  const body = (await response.json()) as { results: Suggestion[] };
  return body.results;
}

/** The server's spelling suggestion for a query that found nothing, or null. */
async function fetchSpelling(query: string, signal: AbortSignal): Promise<string | null> {
  try {
    const response = await fetch(`/api/did-you-mean?${new URLSearchParams({ q: query })}`, { signal, headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { suggestion?: unknown };
    return typeof body.suggestion === 'string' && body.suggestion ? body.suggestion : null;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    return null;
  }
}

/** Sends the query to the search log when the reader has settled on it (no personal data). */
function logSearch(query: string, lang: string): void {
  const body = JSON.stringify({ q: query, lang, visit: currentVisitId() ?? undefined });
  if (!navigator.sendBeacon?.('/api/search-log', new Blob([body], { type: 'application/json' }))) {
    void fetch('/api/search-log', { method: 'POST', body, headers: { 'Content-Type': 'application/json' }, keepalive: true }).catch(() => {});
  }
}

function enhance(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  const listbox = form.querySelector<HTMLUListElement>('[role="listbox"]');
  const status = form.querySelector<HTMLElement>('[data-status]');
  if (!input || !listbox || !status) return;
  const { indexUrl = '', apiUrl = '/api/search', lang = 'en' } = form.dataset;
  const readerLang = lang === 'de' ? 'de' : 'en';
  const text = (name: string, values: Record<string, string | number> = {}): string =>
    (form.dataset[name] ?? '').replace(/\{(\w+)\}/g, (_m, key: string) => String(values[key] ?? ''));

  // The search page logs the search with the visit it belongs to.
  const visitId = currentVisitId();
  if (visitId && !form.querySelector(`input[name="${VISIT_PARAM}"]`)) {
    const visit = document.createElement('input');
    visit.type = 'hidden';
    visit.name = VISIT_PARAM;
    visit.value = visitId;
    form.append(visit);
  }
  const articleUrl = (slug: string, articleLang: 'de' | 'en', query: string): string =>
    articlePath(articleLang, slug, { q: query, ...(visitId ? { [VISIT_PARAM]: visitId } : {}) });

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);

  let active = -1;
  let timer: number | undefined;
  let logTimer: number | undefined;
  let controller: AbortController | null = null;
  let lastShown = '';
  const logged = new Set<string>();

  const options = (): HTMLElement[] => [...listbox.querySelectorAll<HTMLElement>('[role="option"]')];

  const setActive = (index: number): void => {
    const all = options();
    active = all.length === 0 ? -1 : (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const close = (): void => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const settle = (query: string): void => {
    window.clearTimeout(logTimer);
    if (query.length < 2 || logged.has(query)) return;
    logged.add(query);
    logSearch(query, readerLang);
  };

  /** Opens a suggestion's article (or the search page) and logs the query it was found by. */
  const choose = (option: HTMLElement | null | undefined): void => {
    const href = option?.dataset.href;
    if (!href) return;
    settle(lastShown);
    window.location.assign(href);
  };

  const render = (query: string, suggestions: Suggestion[], spelling: string | null = null): void => {
    listbox.replaceChildren();
    // Options hold no links: a focusable element inside role="option" is a nested interactive
    // control for assistive technology. The option itself opens its address (see `choose`).
    const add = (id: string, href: string, fill: (content: HTMLElement) => void, className = ''): void => {
      const option = document.createElement('li');
      option.id = id;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      if (className) option.className = className;
      option.dataset.href = href;
      const content = document.createElement('span');
      content.className = 'suggestion';
      fill(content);
      option.append(content);
      listbox.append(option);
    };
    suggestions.forEach((suggestion, i) => {
      add(`${listbox.id}-${i}`, articleUrl(suggestion.slug, suggestion.lang, query), (content) => {
        const title = document.createElement('span');
        title.className = 'suggestion-title';
        appendSegments(title, suggestion.title);
        const meta = document.createElement('span');
        meta.className = 'suggestion-meta';
        meta.textContent = suggestion.lang === readerLang ? suggestion.category : `${suggestion.category} · ${text(`text${suggestion.lang === 'de' ? 'De' : 'En'}`)}`;
        const snippet = document.createElement('span');
        snippet.className = 'suggestion-snippet';
        appendSegments(snippet, suggestion.snippet);
        content.append(title, meta, snippet);
      });
    });
    if (suggestions.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'suggestion-empty';
      empty.setAttribute('role', 'presentation');
      empty.textContent = text('textNone');
      listbox.append(empty);
      // Nothing found: offer the spelling the articles use, as an option like the others.
      if (spelling) {
        add(`${listbox.id}-spelling`, searchPath(readerLang, { q: spelling }), (content) => (content.textContent = text('textDidYouMean', { suggestion: spelling })), 'suggestion-spelling');
      }
    }
    add(`${listbox.id}-all`, searchPath(readerLang, { q: query }), (content) => (content.textContent = text('textAll', { query })), 'suggestion-all');
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    input.removeAttribute('aria-activedescendant');
    status.textContent = suggestions.length === 0 ? [text('textNone'), spelling ? text('textDidYouMean', { suggestion: spelling }) : ''].join(' ').trim() : suggestions.length === 1 ? text('textOne') : text('textOther', { count: suggestions.length });
  };

  const update = async (): Promise<void> => {
    const query = input.value.trim();
    if (query === lastShown && !listbox.hidden) return;
    if (query.length < 2) {
      lastShown = '';
      close();
      status.textContent = '';
      return;
    }
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    try {
      const local = indexUrl ? await loadLocalSearch(indexUrl) : null;
      let suggestions = local ? local(query, readerLang, MAX_SUGGESTIONS) : await fetchSuggestions(apiUrl, query, readerLang, signal);
      // The shipped index holds the reader's language only: the server also knows the other one.
      if (local && suggestions.length === 0) suggestions = await fetchSuggestions(apiUrl, query, readerLang, signal).catch(() => []);
      const spelling = suggestions.length === 0 ? await fetchSpelling(query, signal) : null;
      if (signal.aborted || input.value.trim() !== query) return;
      lastShown = query;
      render(query, suggestions, spelling);
      window.clearTimeout(logTimer);
      logTimer = window.setTimeout(() => settle(query), LOG_AFTER_MS);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') close();
    }
  };

  input.addEventListener('focus', () => {
    if (indexUrl) void loadLocalSearch(indexUrl);
  });
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void update(), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    const open = !listbox.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) void update().then(() => setActive(0));
        else setActive(active + 1);
        break;
      case 'ArrowUp':
        if (!open) return;
        event.preventDefault();
        // From the box itself (nothing active) go to the last option, else one up (wrapping).
        setActive(active < 0 ? options().length - 1 : active - 1);
        break;
      case 'Enter':
        if (open && active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        } else {
          // The form goes to the search page, which logs this search itself: log it once.
          window.clearTimeout(logTimer);
          logged.add(input.value.trim());
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
          lastShown = '';
        }
        break;
      case 'Tab':
        close();
        break;
    }
  });
  input.addEventListener('blur', () => {
    // Let a click on a suggestion land before the list closes.
    window.setTimeout(() => {
      if (!form.contains(document.activeElement)) close();
    }, 150);
  });
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => choose((event.target as Element).closest<HTMLElement>('[role="option"]')));
}

/** Enhances every search form on the page (idempotent). */
export function enhanceSearchForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-instant-search]:not([data-enhanced])')) {
    form.dataset.enhanced = 'true';
    enhance(form);
  }
}
