/**
 * What the desk's in-place pickers share, on the call page (call-desk.ts) and the ticket view
 * (desk-templates.ts, desk-kb.ts): filling `{name}` placeholders of the page's texts,
 * inserting a standard answer at the cursor, the standard-answer result list, the
 * knowledge-base result entry and the small buttons on the entries.
 */
import { kbBadgeKey, type KbResult } from '../lib/kb-result.ts';

/** A standard answer as /staff/api/templates returns it (filled for the call or ticket). */
export interface PickedTemplate {
  id: number;
  title: string;
  lang: string;
  articleSlug: string | null;
  articleTitle: string | null;
  text: string;
}

/**
 * A small button on a result entry: its text, the accessible name that says which entry (several
 * "Use" buttons stand in one list; none when the page gives no text for it) and its `data-*`
 * hooks (camelCase keys, as `dataset` takes them).
 */
export function smallButton(text: string, label: string | undefined, data: Record<string, string>, type: 'button' | 'submit' = 'button'): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = type;
  button.className = 'button button-small';
  Object.assign(button.dataset, data);
  button.textContent = text;
  if (label) button.setAttribute('aria-label', label);
  return button;
}

/** `template` with every `{name}` that `values` has replaced (others stay as they are). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? values[name] : match));
}

/**
 * Puts `text` into `field` in place of the selection (or at the end), a blank line after any
 * text before it that does not end a line, and leaves the cursor behind it.
 */
export function insertAtCursor(field: HTMLTextAreaElement, text: string): void {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const before = field.value.slice(0, start);
  const spacer = before && !/\n$/.test(before) ? '\n\n' : '';
  field.value = `${before}${spacer}${text}${field.value.slice(end)}`;
  const caret = before.length + spacer.length + text.length;
  field.focus();
  field.setSelectionRange(caret, caret);
}

/**
 * Shows standard answers in `list` (a `[data-template-none]` note after it when there are
 * none; an earlier note in `scope` goes). Each has an "Insert" button marked
 * `data-template-insert` with the answer's id as value: a plain button, or (`submit`) the
 * form's submit button named `template`. Returns what to announce.
 */
export function renderTemplateResults(list: HTMLElement, scope: ParentNode, results: PickedTemplate[], texts: DOMStringMap, insertAs: 'button' | 'submit'): string {
  scope.querySelector('[data-template-none]')?.remove();
  list.replaceChildren(
    ...results.map((result) => {
      const item = document.createElement('li');
      item.dataset.templateResult = String(result.id);
      const title = document.createElement('span');
      title.className = 'desk-template-title';
      title.textContent = result.title;
      const badge = document.createElement('span');
      badge.className = 'desk-badge';
      badge.textContent = result.lang.toUpperCase();
      item.append(title, ' ', badge);
      if (result.articleTitle) {
        const article = document.createElement('span');
        article.className = 'desk-muted';
        article.textContent = ` · ${fill(texts.article ?? '{title}', { title: result.articleTitle })}`;
        item.append(article);
      }
      const insert = smallButton(texts.insert ?? '', fill(texts.insertNamed ?? '{title}', { title: result.title }), { templateInsert: '' }, insertAs);
      if (insertAs === 'submit') insert.name = 'template';
      insert.value = String(result.id);
      item.append(' ', insert);
      return item;
    }),
  );
  if (results.length === 0) {
    const none = document.createElement('p');
    none.dataset.templateNone = '';
    none.textContent = texts.none ?? '';
    list.after(none);
  }
  return results.length === 0 ? (texts.none ?? '') : String(results.length);
}

/**
 * One knowledge-base search result (marked `data-kb-result`): its title linked to the page
 * where staff read it (`result.href`: a staff article page or a training page), the badge
 * (training, public or internal; texts from the panel's `data-training`, `data-public`,
 * `data-internal`), and its summary. The caller adds its buttons.
 */
export function kbResultItem(result: KbResult, texts: DOMStringMap): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.kbResult = result.slug;
  const link = document.createElement('a');
  link.href = result.href;
  link.className = 'desk-kb-title';
  link.textContent = result.title;
  const label = document.createElement('span');
  label.className = 'desk-badge';
  label.textContent = texts[kbBadgeKey(result)] ?? '';
  const summary = document.createElement('p');
  summary.className = 'desk-kb-summary';
  summary.textContent = result.summary;
  item.append(link, ' ', label, summary);
  return item;
}
