/**
 * The ticket view's "Standard answer" picker with JavaScript: searching by title and
 * inserting happen without reloading the page (so text typed into the forms stays). "Insert"
 * fetches the template filled for this ticket from /staff/api/templates and puts it into the
 * reply at the cursor; a template that stands for an article also records the article's
 * reuse on the ticket (desk.linkArticle), and every form then takes the ticket's new version,
 * as the knowledge-base panel's "Insert link" does (desk-kb.ts).
 */
import { actions } from 'astro:actions';
import { insertAtCursor, renderTemplateResults, type PickedTemplate } from './desk-results.ts';

const picker = document.querySelector<HTMLElement>('[data-template-picker]');
const ticket = document.querySelector<HTMLElement>('[data-ticket-reference]');
const reply = document.querySelector<HTMLTextAreaElement>('[data-reply-body]');

if (picker && ticket && reply) {
  const reference = ticket.dataset.ticketReference ?? '';
  const form = picker.querySelector<HTMLFormElement>('[data-template-form]');
  const list = picker.querySelector<HTMLUListElement>('[data-template-results]');
  const status = picker.querySelector<HTMLElement>('[data-template-status]');
  const texts = picker.querySelector<HTMLElement>('[data-template-texts]')?.dataset ?? {};
  const canLink = picker.dataset.canLink === 'true';
  /** The words whose results are shown (the page may come with them), and a counter of searches. */
  let shownQuery: string | null = list && list.children.length > 0 ? (picker.querySelector<HTMLInputElement>('[data-template-query]')?.value ?? '') : null;
  let searches = 0;

  const announce = (message: string): void => {
    if (status) status.textContent = message;
  };
  const currentVersion = (): string => document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? ticket.dataset.ticketVersion ?? '0';
  const isLinked = (slug: string): boolean => Boolean(document.querySelector(`[data-linked="${CSS.escape(slug)}"]`));

  async function recordReuse(slug: string): Promise<void> {
    if (!canLink || isLinked(slug)) return;
    const body = new FormData();
    body.set('reference', reference);
    body.set('version', currentVersion());
    body.set('articleSlug', slug);
    const { data, error } = await actions.desk.linkArticle(body);
    if (error || !data) {
      announce(texts.linkFailed ?? '');
      return;
    }
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="version"]')) input.value = String(data.version);
    ticket!.dataset.ticketVersion = String(data.version);
    // The reply no longer needs to link it (that is for the page without JavaScript).
    document.querySelector('[data-template-article]')?.remove();
  }

  async function fetchTemplates(params: Record<string, string>): Promise<PickedTemplate[] | null> {
    const response = await fetch(`/staff/api/templates?${new URLSearchParams({ ticket: reference, ...params })}`, { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    return ((await response.json()) as { results: PickedTemplate[] }).results;
  }

  function render(results: PickedTemplate[]): void {
    if (list) announce(renderTemplateResults(list, picker!, results, texts, 'submit'));
  }

  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.name === 'template') {
      const results = await fetchTemplates({ id: submitter.value });
      const picked = results?.[0];
      if (!picked) return;
      insertAtCursor(reply, picked.text);
      announce(texts.inserted ?? '');
      if (picked.articleSlug) await recordReuse(picked.articleSlug);
      return;
    }
    const query = String(new FormData(form).get('tq') ?? '');
    // Typing searches by itself (desk-workspace.ts): the same words again change nothing, and
    // must not overwrite what was announced since (e.g. "inserted").
    if (query === shownQuery) return;
    shownQuery = query;
    const asked = ++searches;
    const results = await fetchTemplates({ q: query });
    // Only the newest search is shown: an older answer arriving late is dropped.
    if (results && asked === searches) render(results);
  });
}
