/**
 * The call page with JavaScript (/staff/calls/new; the page works without it):
 *
 * - Timer: counts from the call's start (kept by the server), can be paused and resumed
 *   (Alt+P); its value is posted as `handlingSeconds` with the outcome.
 * - A call in progress survives a reload: every field and the timer are kept in localStorage
 *   per agent and call (the call's start time), and restored into fields the page left empty.
 * - Caller lookup, knowledge-base search (as the question is typed) and standard answers
 *   happen in place, from /staff/api/callers, /staff/api/kb-search and /staff/api/templates.
 * - Shortcuts (Alt + letter by physical key, never with Ctrl, Meta or Shift): C caller,
 *   Q question, K knowledge base, M standard answer, P timer, S solved, T ticket, L escalate.
 *   Alt+N (new call) is handled for every desk page in Base.astro.
 */
import { formatDuration } from '../lib/duration.ts';
import { isSendable, type KbResult } from '../lib/kb-result.ts';
import { fill, insertAtCursor, kbResultItem, renderTemplateResults, smallButton, type PickedTemplate } from './desk-results.ts';

interface TimerState {
  /** Milliseconds counted before `runningSince`. */
  accumulated: number;
  /** When the timer last started running (ms), or null while paused. */
  runningSince: number | null;
}

interface StoredCall {
  startedAt: number;
  timer: TimerState;
  fields: Record<string, string>;
}

interface CallerTicket {
  reference: string;
  customerName: string;
  customerEmail: string;
  subject: string;
  status: string;
  lang: string;
}


const root = document.querySelector<HTMLElement>('[data-call-desk]');
const form = document.querySelector<HTMLFormElement>('[data-call-form]');

function debounce(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

if (root && form) {
  const startedAt = Number(root.dataset.started);
  // The server's clock decides the start; correct for a browser clock that is off.
  const skew = Date.now() - Number(root.dataset.now);
  const storageKey = `tierzero:call:${root.dataset.user ?? ''}`;
  const stored = ((): StoredCall | null => {
    try {
      const value = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as StoredCall | null;
      return value && value.startedAt === startedAt ? value : null;
    } catch {
      return null;
    }
  })();
  const state: StoredCall = stored ?? { startedAt, timer: { accumulated: 0, runningSince: startedAt + skew }, fields: {} };

  const fields = [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('[data-call-field], [data-call-find], [data-call-tq]')];
  const kbQuery = document.querySelector<HTMLInputElement>('[data-call-kb-query]');
  if (kbQuery) fields.push(kbQuery);

  const save = (): void => {
    // Logging out removes the call from the browser (scripts/logout.ts): never write it back.
    if (document.documentElement.dataset.loggingOut === 'true') return;
    for (const field of fields) state.fields[field.name] = field.value;
    try {
      localStorage.setItem(storageKey, JSON.stringify(state));
    } catch {
      // Storage full or disabled: the call still works, it just does not survive a reload.
    }
  };

  // Restore what the page left empty (a failed post renders the typed values itself).
  let restored = false;
  const articleSelect = form.querySelector<HTMLSelectElement>('[data-call-article]');
  for (const field of fields) {
    const value = state.fields[field.name];
    if (!value) continue;
    if (field instanceof HTMLSelectElement) {
      if (field === articleSelect && ![...field.options].some((option) => option.value === value)) {
        field.add(new Option(state.fields.articleTitle || value, value));
      }
      if (field.value !== value && (field.value === '' || field.selectedIndex === 0 || field.name === 'lang')) {
        if (field.name === 'lang' && field.value !== value && state.fields.__langTouched !== '1') continue;
        field.value = value;
        restored = true;
      }
    } else if (!field.value) {
      field.value = value;
      restored = true;
    }
  }
  if (restored) document.querySelector<HTMLElement>('[data-call-restored]')?.removeAttribute('hidden');

  // ---- Timer -------------------------------------------------------------------------
  const valueOutput = root.querySelector<HTMLElement>('[data-timer-value]');
  const pausedNote = root.querySelector<HTMLElement>('[data-timer-paused]');
  const toggle = root.querySelector<HTMLButtonElement>('[data-timer-toggle]');
  const toggleLabel = root.querySelector<HTMLElement>('[data-timer-toggle-label]');
  const hiddenSeconds = form.querySelector<HTMLInputElement>('[data-handling-seconds]');
  const elapsedMs = (): number => state.timer.accumulated + (state.timer.runningSince === null ? 0 : Date.now() - state.timer.runningSince);
  const renderTimer = (): void => {
    const seconds = Math.max(0, Math.floor(elapsedMs() / 1000));
    if (valueOutput) valueOutput.textContent = formatDuration(seconds);
    if (hiddenSeconds) hiddenSeconds.value = String(seconds);
    const running = state.timer.runningSince !== null;
    if (pausedNote) pausedNote.hidden = running;
    if (toggleLabel && toggle) toggleLabel.textContent = (running ? toggle.dataset.pause : toggle.dataset.resume) ?? '';
  };
  const toggleTimer = (): void => {
    if (state.timer.runningSince === null) state.timer.runningSince = Date.now();
    else {
      state.timer.accumulated += Date.now() - state.timer.runningSince;
      state.timer.runningSince = null;
    }
    renderTimer();
    save();
  };
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener('click', toggleTimer);
  }
  renderTimer();
  setInterval(renderTimer, 1000);
  save();

  const saveSoon = debounce(save, 300);
  form.addEventListener('input', saveSoon);
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).getAttribute('name') === 'lang') state.fields.__langTouched = '1';
    save();
  });
  kbQuery?.addEventListener('input', saveSoon);
  window.addEventListener('pagehide', save);

  // ---- Status messages -----------------------------------------------------------------
  const announce = (selector: string, message: string): void => {
    const region = document.querySelector<HTMLElement>(selector);
    if (region) region.textContent = message;
  };

  // ---- Caller lookup -------------------------------------------------------------------
  const findInput = form.querySelector<HTMLInputElement>('[data-call-find]');
  const callerBox = form.querySelector<HTMLElement>('[data-caller-results]');
  const callerTexts = form.querySelector<HTMLElement>('[data-caller-texts]')?.dataset ?? {};
  const statuses = JSON.parse(callerTexts.statuses ?? '{}') as Record<string, string>;
  const nameInput = form.querySelector<HTMLInputElement>('#call-name');
  const emailInput = form.querySelector<HTMLInputElement>('#call-email');
  const langSelect = form.querySelector<HTMLSelectElement>('#call-lang');

  function useCaller(button: HTMLElement): void {
    if (nameInput) nameInput.value = button.dataset.name ?? '';
    if (emailInput) emailInput.value = button.dataset.email ?? '';
    if (langSelect && button.dataset.lang) {
      langSelect.value = button.dataset.lang;
      state.fields.__langTouched = '1';
    }
    save();
    announce('[data-caller-status]', callerTexts.used ?? '');
    document.querySelector<HTMLTextAreaElement>('[data-call-question]')?.focus();
  }

  async function findCallers(): Promise<void> {
    if (!findInput || !callerBox) return;
    const query = findInput.value.trim();
    if (!query) {
      callerBox.replaceChildren();
      return;
    }
    if (query.length < 3 && !/^T-\d{4}-\d+$/i.test(query)) {
      const hint = document.createElement('p');
      hint.className = 'desk-hint';
      hint.textContent = callerTexts.short ?? '';
      callerBox.replaceChildren(hint);
      announce('[data-caller-status]', callerTexts.short ?? '');
      return;
    }
    const response = await fetch(`/staff/api/callers?${new URLSearchParams({ q: query })}`, { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const { results } = (await response.json()) as { results: CallerTicket[] };
    if (results.length === 0) {
      const none = document.createElement('p');
      none.dataset.callerNone = '';
      none.textContent = callerTexts.none ?? '';
      callerBox.replaceChildren(none);
      announce('[data-caller-status]', callerTexts.none ?? '');
      return;
    }
    const table = document.createElement('table');
    table.className = 'desk-table call-callers';
    const caption = table.createCaption();
    caption.textContent = callerTexts.title ?? '';
    const head = table.createTHead().insertRow();
    for (const label of [callerTexts.colReference, callerTexts.colCaller, callerTexts.colSubject, callerTexts.colStatus, '']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label ?? '';
      head.append(th);
    }
    const body = table.createTBody();
    for (const result of results) {
      const row = body.insertRow();
      row.dataset.callerTicket = result.reference;
      const link = document.createElement('a');
      link.href = `/staff/tickets/${result.reference}`;
      link.textContent = result.reference;
      row.insertCell().append(link);
      const who = row.insertCell();
      const email = document.createElement('span');
      email.className = 'desk-muted';
      email.textContent = result.customerEmail || (callerTexts.noEmail ?? '');
      who.append(result.customerName, document.createElement('br'), email);
      row.insertCell().textContent = result.subject;
      row.insertCell().textContent = statuses[result.status] ?? result.status;
      const label = fill(callerTexts.useNamed ?? '', { name: result.customerName, email: result.customerEmail || (callerTexts.noEmail ?? '') });
      row.insertCell().append(smallButton(callerTexts.use ?? '', label, { useCaller: '', name: result.customerName, email: result.customerEmail, lang: result.lang }));
    }
    callerBox.replaceChildren(table);
    announce('[data-caller-status]', fill(callerTexts.count ?? '{count}', { count: String(results.length) }));
  }

  callerBox?.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-use-caller]');
    if (!button) return;
    event.preventDefault();
    useCaller(button);
  });

  // ---- Knowledge base ------------------------------------------------------------------
  const kbPanel = document.querySelector<HTMLElement>('[data-call-kb]');
  const kbList = kbPanel?.querySelector<HTMLUListElement>('[data-kb-results]');
  const kbTexts = kbPanel?.querySelector<HTMLElement>('[data-kb-texts]')?.dataset ?? {};
  const question = form.querySelector<HTMLTextAreaElement>('[data-call-question]');
  const subject = form.querySelector<HTMLInputElement>('#call-subject');
  let lastKbQuery = '';

  function chooseArticle(slug: string, title: string): void {
    if (!articleSelect) return;
    if (![...articleSelect.options].some((option) => option.value === slug)) articleSelect.add(new Option(title, slug));
    articleSelect.value = slug;
    state.fields.articleTitle = title;
    save();
    announce('[data-kb-status]', fill(kbTexts.chosen ?? '', { title }));
  }

  async function searchKb(): Promise<void> {
    if (!kbList) return;
    const query = (kbQuery?.value.trim() || subject?.value.trim() || question?.value.trim() || '').slice(0, 200);
    if (query === lastKbQuery) return;
    lastKbQuery = query;
    if (!query) return;
    const lang = langSelect?.value ?? root!.dataset.lang ?? '';
    const response = await fetch(`/staff/api/kb-search?${new URLSearchParams({ q: query, lang })}`, { headers: { Accept: 'application/json' } });
    if (!response.ok || query !== lastKbQuery) return;
    const { results } = (await response.json()) as { results: KbResult[] };
    kbPanel?.querySelector('[data-kb-none]')?.remove();
    kbList.replaceChildren(
      ...results.map((result) => {
        const item = kbResultItem(result, kbTexts);
        if (isSendable(result)) {
          item.append(smallButton(kbTexts.use ?? '', fill(kbTexts.useNamed ?? '', { title: result.title }), { kbUse: '', slug: result.slug, title: result.title }));
        } else {
          const hint = document.createElement('p');
          hint.className = 'desk-hint';
          hint.textContent = kbTexts.internalHint ?? '';
          item.append(hint);
        }
        return item;
      }),
    );
    if (results.length === 0) {
      const none = document.createElement('p');
      none.dataset.kbNone = '';
      none.textContent = kbTexts.none ?? '';
      kbList.after(none);
    }
    announce('[data-kb-status]', results.length === 0 ? (kbTexts.none ?? '') : String(results.length));
  }
  const searchKbSoon = debounce(() => void searchKb(), 350);
  question?.addEventListener('input', searchKbSoon);
  subject?.addEventListener('input', searchKbSoon);
  kbQuery?.addEventListener('input', searchKbSoon);
  langSelect?.addEventListener('change', () => {
    lastKbQuery = '';
    searchKbSoon();
  });
  kbPanel?.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-kb-use]');
    if (!button) return;
    event.preventDefault();
    chooseArticle(button.dataset.slug ?? '', button.dataset.title ?? '');
  });

  // ---- Standard answers ----------------------------------------------------------------
  const picker = form.querySelector<HTMLElement>('[data-call-templates]');
  const tqInput = form.querySelector<HTMLInputElement>('[data-call-tq]');
  const templateList = picker?.querySelector<HTMLUListElement>('[data-call-template-results]');
  const templateTexts = picker?.querySelector<HTMLElement>('[data-template-texts]')?.dataset ?? {};
  const solution = form.querySelector<HTMLTextAreaElement>('[data-call-solution]');

  async function fetchTemplates(params: Record<string, string>): Promise<PickedTemplate[] | null> {
    const query = new URLSearchParams({ call: '1', name: nameInput?.value.trim() ?? '', callLang: langSelect?.value ?? '', ...params });
    const response = await fetch(`/staff/api/templates?${query}`, { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    return ((await response.json()) as { results: PickedTemplate[] }).results;
  }

  function insertIntoSolution(text: string): void {
    if (!solution) return;
    insertAtCursor(solution, text);
    save();
  }

  function renderTemplates(results: PickedTemplate[]): void {
    if (!templateList || !picker) return;
    announce('[data-template-status]', renderTemplateResults(templateList, picker, results, templateTexts, 'button'));
  }

  async function searchTemplates(): Promise<void> {
    const results = await fetchTemplates({ q: tqInput?.value.trim() ?? '' });
    if (results) renderTemplates(results);
  }

  picker?.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('[data-template-insert]');
    if (!button) return;
    event.preventDefault();
    const picked = (await fetchTemplates({ id: button.value }))?.[0];
    if (!picked) return;
    insertIntoSolution(picked.text);
    if (picked.articleSlug && articleSelect && !articleSelect.value) chooseArticle(picked.articleSlug, picked.articleTitle ?? picked.articleSlug);
    announce('[data-template-status]', templateTexts.inserted ?? '');
  });
  tqInput?.addEventListener('input', debounce(() => void searchTemplates(), 300));

  // ---- The form's GET buttons work in place; Enter in a one-line field never ends the call.
  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.hasAttribute('data-call-find-submit')) {
      event.preventDefault();
      void findCallers();
    } else if (submitter?.hasAttribute('data-call-kb-submit')) {
      event.preventDefault();
      lastKbQuery = '';
      void searchKb();
    } else if (submitter?.hasAttribute('data-call-tq-submit')) {
      event.preventDefault();
      void searchTemplates();
    } else if (submitter?.hasAttribute('data-call-discard')) {
      localStorage.removeItem(storageKey);
    } else if (submitter?.name === 'outcome') {
      renderTimer();
      save();
    } else if (submitter?.formMethod === 'get') {
      save();
    }
  });
  form.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.key !== 'Enter' || !(target instanceof HTMLInputElement)) return;
    event.preventDefault();
    if (target === findInput) void findCallers();
    else if (target === tqInput) void searchTemplates();
  });
  kbQuery?.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    lastKbQuery = '';
    void searchKb();
  });

  // ---- Shortcuts -----------------------------------------------------------------------
  const focusTo = (selector: string): void => {
    const element = document.querySelector<HTMLElement>(selector);
    element?.focus();
    if (element instanceof HTMLInputElement) element.select();
  };
  const submitOutcome = (outcome: string): void => {
    const button = form.querySelector<HTMLButtonElement>(`[data-outcome="${outcome}"]`);
    if (button) form.requestSubmit(button);
  };
  const SHORTCUTS: Record<string, () => void> = {
    KeyC: () => focusTo('[data-call-find]'),
    KeyQ: () => focusTo('[data-call-question]'),
    KeyK: () => focusTo('[data-call-kb-query]'),
    KeyM: () => focusTo('[data-call-tq]'),
    KeyP: toggleTimer,
    KeyS: () => submitOutcome('solved'),
    KeyT: () => submitOutcome('ticket'),
    KeyL: () => submitOutcome('escalated'),
  };
  document.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const action = SHORTCUTS[event.code];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // After a failed post, the error summary gets the focus (its links lead to the fields).
  document.querySelector<HTMLElement>('[data-call-errors]')?.focus();
}
