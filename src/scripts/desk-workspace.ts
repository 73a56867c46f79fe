/**
 * The ticket workspace with JavaScript: the composer's two forms become tabs; keyboard
 * shortcuts (r reply, n note, t standard answer, s solve, j next ticket in the view, ? help,
 * Ctrl+Enter send) work whenever the focus is not in a text field (Ctrl+Enter inside one);
 * the standard-answer list filters while typing. Without JavaScript every form is on the page.
 */
import { isTyping } from './typing.ts';

const composer = document.querySelector<HTMLElement>('[data-composer]');
const tablist = composer?.querySelector<HTMLElement>('[data-composer-tabs]');

function selectTab(name: string, focusField: boolean): void {
  if (!composer) return;
  for (const tab of composer.querySelectorAll<HTMLButtonElement>('[data-tab]')) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', selected ? 'true' : 'false');
    tab.tabIndex = selected ? 0 : -1;
  }
  for (const panel of composer.querySelectorAll<HTMLElement>('[data-panel]')) panel.hidden = panel.dataset.panel !== name;
  composer.dataset.active = name;
  if (focusField) composer.querySelector<HTMLTextAreaElement>(`[data-panel="${name}"] textarea`)?.focus();
}

if (composer && tablist) {
  tablist.hidden = false;
  tablist.setAttribute('role', 'tablist');
  for (const tab of tablist.querySelectorAll<HTMLButtonElement>('[data-tab]')) {
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', `panel-${tab.dataset.tab}`);
  }
  for (const panel of composer.querySelectorAll<HTMLElement>('[data-panel]')) panel.setAttribute('role', 'tabpanel');
  selectTab(composer.dataset.active ?? 'reply', false);
  tablist.addEventListener('click', (event) => {
    const tab = (event.target as Element).closest<HTMLButtonElement>('[data-tab]');
    if (tab) selectTab(tab.dataset.tab ?? 'reply', true);
  });
  tablist.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[data-tab]')];
    const index = tabs.findIndex((tab) => tab.getAttribute('aria-selected') === 'true');
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    selectTab(next.dataset.tab ?? 'reply', false);
    next.focus();
  });
}

const help = document.querySelector<HTMLDialogElement>('[data-shortcuts]');
const helpButton = document.querySelector<HTMLButtonElement>('[data-shortcuts-open]');
if (helpButton && help) {
  helpButton.hidden = false;
  helpButton.addEventListener('click', () => help.showModal());
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target instanceof HTMLTextAreaElement) {
    const form = event.target.form;
    if (form) {
      event.preventDefault();
      form.requestSubmit();
    }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || help?.open) return;
  const key = event.key;
  if (key === '?' && help) {
    event.preventDefault();
    help.showModal();
  } else if ((key === 'r' || key === 'n') && composer) {
    const tab = key === 'r' ? 'reply' : 'note';
    if (!composer.querySelector(`[data-panel="${tab}"]`)) return;
    event.preventDefault();
    selectTab(tab, true);
  } else if (key === 't') {
    const query = document.querySelector<HTMLInputElement>('[data-template-query]');
    if (!query) return;
    event.preventDefault();
    selectTab('reply', false);
    query.focus();
  } else if (key === 's') {
    const solve = document.querySelector<HTMLDetailsElement>('[data-disclosure="solve"]');
    if (!solve) return;
    event.preventDefault();
    solve.open = true;
    solve.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  } else if (key === 'j') {
    const next = document.querySelector<HTMLAnchorElement>('[data-next-ticket]');
    if (next) window.location.assign(next.href);
  }
});

// Type to filter the standard answers (the picker's own script does the search on submit).
const templateQuery = document.querySelector<HTMLInputElement>('[data-template-query]');
let timer: ReturnType<typeof setTimeout> | undefined;
templateQuery?.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => templateQuery.form?.requestSubmit(), 200);
});
templateQuery?.addEventListener('keydown', (event) => {
  // Down arrow moves to the first "Insert" button; Enter searches (the form's default).
  if (event.key !== 'ArrowDown') return;
  const first = templateQuery.form?.querySelector<HTMLButtonElement>('[data-template-insert]');
  if (first) {
    event.preventDefault();
    first.focus();
  }
});
