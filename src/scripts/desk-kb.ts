/**
 * The ticket view's knowledge-base panel with JavaScript: searches without reloading the page
 * (so text typed into the forms stays), and "Insert link" puts `[title](url)` into the reply
 * at the cursor and records the article's reuse on the ticket (desk.linkArticle). Linking
 * changes the ticket's version; on success every form on the page takes the new version, so
 * the agent's next action is not refused as a conflict with their own link.
 */
import { actions } from 'astro:actions';
import { isSendable, type KbResult } from '../lib/kb-result.ts';
import { fill, kbResultItem, smallButton } from './desk-results.ts';

const panel = document.querySelector<HTMLElement>('[data-kb-panel]');
const ticket = document.querySelector<HTMLElement>('[data-ticket-reference]');


if (panel && ticket) {
  const reference = ticket.dataset.ticketReference ?? '';
  const texts = panel.querySelector<HTMLElement>('[data-kb-texts]')?.dataset ?? {};
  const status = panel.querySelector<HTMLElement>('[data-kb-status]');
  const list = panel.querySelector<HTMLUListElement>('[data-kb-results]');
  const reply = document.querySelector<HTMLTextAreaElement>('[data-reply-body]');
  const canLink = panel.dataset.canLink === 'true';

  const announce = (message: string): void => {
    if (status) status.textContent = message;
  };

  const currentVersion = (): string => document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? ticket.dataset.ticketVersion ?? '0';

  async function recordReuse(slug: string): Promise<void> {
    if (!canLink) return;
    const form = new FormData();
    form.set('reference', reference);
    form.set('version', currentVersion());
    form.set('articleSlug', slug);
    const { data, error } = await actions.desk.linkArticle(form);
    if (error || !data) {
      announce(texts.linkFailed ?? '');
      return;
    }
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="version"]')) input.value = String(data.version);
    ticket!.dataset.ticketVersion = String(data.version);
  }

  function insertLink(button: HTMLElement): void {
    if (!reply) return;
    const link = `[${button.dataset.title ?? ''}](${button.dataset.url ?? ''})`;
    const start = reply.selectionStart ?? reply.value.length;
    const end = reply.selectionEnd ?? start;
    const before = reply.value.slice(0, start);
    const spacer = before && !/\s$/.test(before) ? ' ' : '';
    reply.value = `${before}${spacer}${link}${reply.value.slice(end)}`;
    const caret = before.length + spacer.length + link.length;
    reply.focus();
    reply.setSelectionRange(caret, caret);
    announce(texts.inserted ?? '');
    void recordReuse(button.dataset.slug ?? '');
  }

  const enable = (root: ParentNode): void => {
    for (const button of root.querySelectorAll<HTMLButtonElement>('[data-kb-insert]')) {
      if (reply) button.hidden = false;
    }
  };
  enable(panel);

  panel.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-kb-insert]');
    if (button) insertLink(button);
  });

  const form = panel.querySelector<HTMLFormElement>('[data-kb-form]');
  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = new FormData(form);
    const params = new URLSearchParams({ q: String(query.get('kb') ?? ''), lang: String(query.get('kbLang') ?? '') });
    const response = await fetch(`/staff/api/kb-search?${params}`, { headers: { Accept: 'application/json' } });
    if (!response.ok || !list) return;
    const { results } = (await response.json()) as { results: KbResult[] };
    panel.querySelector('[data-kb-none]')?.remove();
    list.replaceChildren(
      ...results.map((result) => {
        const item = kbResultItem(result, texts);
        if (isSendable(result) && reply) {
          const buttons = document.createElement('div');
          buttons.className = 'desk-kb-buttons';
          // The accessible name says which article: several "Insert link" buttons are on the panel.
          const insert = smallButton(texts.insert ?? 'Insert link', texts.insertNamed && fill(texts.insertNamed, { title: result.title }), { kbInsert: '', slug: result.slug, title: result.title, url: result.url });
          buttons.append(insert);
          item.append(buttons);
        }
        return item;
      }),
    );
    announce(results.length === 0 ? (texts.none ?? '') : `${results.length}`);
  });
}
