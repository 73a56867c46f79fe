/**
 * The article editor with JavaScript (the form works without it):
 * - live preview: the body goes to the articles.preview action (the server's sanitising
 *   pipeline) after a pause in typing; "Preview" updates it without reloading;
 * - images: "Upload and insert" sends the image to articles.upload and puts the Markdown in
 *   the body at the cursor;
 * - local draft: unsaved edits are kept in localStorage per article ("new" for a new one),
 *   with the revision they were based on, and restored after a reload, a closed tab or an
 *   expired session, with a notice and "Discard them". A successful save clears it. The draft
 *   keeps its base revision, so saving it over a newer revision shows the conflict instead of
 *   overwriting.
 */
import { actions } from 'astro:actions';

const form = document.querySelector<HTMLFormElement>('[data-article-editor]');

interface LocalDraft {
  savedAt: number;
  fields: Record<string, string | boolean>;
}

const FIELDS = ['title', 'newSlug', 'summary', 'category', 'lang', 'audience', 'tags', 'translationKey', 'status', 'replacedBy', 'body', 'message', 'baseRevision'];
const PREVIEW_DELAY_MS = 400;

if (form) {
  const texts = form.dataset;
  const storageKey = `tierzero:editor:${texts.draftKey ?? 'new'}`;
  const body = form.querySelector<HTMLTextAreaElement>('[data-editor-body]')!;
  const preview = form.querySelector<HTMLElement>('[data-preview]')!;
  const status = form.querySelector<HTMLElement>('[data-local-draft-status]')!;

  const field = (name: string): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null =>
    form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`);

  const storage = ((): Storage | null => {
    try {
      return window.localStorage;
    } catch {
      return null; // storage blocked: the editor still works, only without a local draft
    }
  })();

  const readFields = (): Record<string, string> => {
    const values: Record<string, string> = {};
    for (const name of FIELDS) {
      const element = field(name);
      if (element) values[name] = element.value;
    }
    return values;
  };

  // The form as the server rendered it: a draft equal to it needs no notice.
  const initial = readFields();

  if (texts.clearDraft === 'true') storage?.removeItem(storageKey);
  if (texts.clearNewDraft === 'true') {
    // The draft of the "new article" form this article came from (from a ticket: its own key).
    storage?.removeItem('tierzero:editor:articles:new');
    const ticket = field('sourceTicket')?.value;
    if (ticket) storage?.removeItem(`tierzero:editor:articles:new:${ticket}`);
  }

  const saveDraft = (): void => {
    if (!storage) return;
    const fields = readFields();
    const changed = FIELDS.some((name) => name !== 'baseRevision' && fields[name] !== initial[name]);
    try {
      if (changed) storage.setItem(storageKey, JSON.stringify({ savedAt: Date.now(), fields } satisfies LocalDraft));
      else storage.removeItem(storageKey);
    } catch {
      /* storage full: nothing else to do */
    }
  };

  let draftTimer: number | undefined;
  form.addEventListener('input', () => {
    window.clearTimeout(draftTimer);
    draftTimer = window.setTimeout(saveDraft, 300);
  });
  // Leaving the page must not lose the last keystrokes.
  window.addEventListener('pagehide', saveDraft);

  // --- restore a local draft ---------------------------------------------------------------
  const stored = ((): LocalDraft | null => {
    try {
      const raw = storage?.getItem(storageKey);
      return raw ? (JSON.parse(raw) as LocalDraft) : null;
    } catch {
      return null;
    }
  })();
  if (stored && FIELDS.some((name) => name !== 'baseRevision' && typeof stored.fields[name] === 'string' && stored.fields[name] !== initial[name])) {
    for (const name of FIELDS) {
      const element = field(name);
      const value = stored.fields[name];
      if (element && typeof value === 'string') element.value = value;
    }
    const time = new Intl.DateTimeFormat(texts.lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(stored.savedAt));
    const message = document.createElement('p');
    message.textContent = (texts.textRestored ?? '').replace('{time}', time);
    message.style.margin = '0';
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'button';
    discard.textContent = texts.textDiscard ?? 'Discard';
    discard.dataset.discardDraft = '';
    discard.addEventListener('click', () => {
      storage?.removeItem(storageKey);
      for (const name of FIELDS) {
        const element = field(name);
        if (element && name in initial) element.value = initial[name];
      }
      status.replaceChildren(Object.assign(document.createElement('p'), { textContent: texts.textDiscarded ?? '' }));
      void updatePreview();
    });
    status.replaceChildren(message, discard);
    status.dataset.restored = 'true';
  }

  // --- live preview ------------------------------------------------------------------------
  let previewTimer: number | undefined;
  let previewSeq = 0;
  async function updatePreview(): Promise<void> {
    const seq = ++previewSeq;
    const data = new FormData();
    data.set('body', body.value);
    const result = await actions.articles.preview(data);
    if (seq !== previewSeq || result.error) return;
    preview.innerHTML = result.data.html; // sanitised on the server by the public pipeline
    preview.lang = field('lang')?.value ?? preview.lang;
    preview.dataset.previewUpdated = String(seq);
  }
  form.querySelector<HTMLElement>('[data-preview-live]')?.removeAttribute('hidden');
  body.addEventListener('input', () => {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(() => void updatePreview(), PREVIEW_DELAY_MS);
  });
  form.querySelector<HTMLButtonElement>('[data-preview-button]')?.addEventListener('click', (event) => {
    event.preventDefault();
    void updatePreview();
  });
  if (status.dataset.restored) void updatePreview();

  // --- image upload ------------------------------------------------------------------------
  const fileInput = form.querySelector<HTMLInputElement>('[data-upload-file]');
  const altInput = form.querySelector<HTMLInputElement>('[data-upload-alt]');
  const uploadStatus = form.querySelector<HTMLElement>('[data-upload-status]');
  const maxBytes = Number(texts.maxImage ?? 0);
  const showUpload = (message: string, error: boolean): void => {
    if (!uploadStatus) return;
    uploadStatus.textContent = message;
    uploadStatus.className = error ? 'field-error' : 'desk-hint';
  };
  form.querySelector<HTMLButtonElement>('[data-upload-button]')?.addEventListener('click', async (event) => {
    event.preventDefault();
    const file = fileInput?.files?.[0];
    if (!file) return showUpload(texts.textMissing ?? '', true);
    if (maxBytes && file.size > maxBytes) {
      return showUpload((texts.textTooLarge ?? '').replace('{size}', `${(file.size / 1024 / 1024).toFixed(1)} MB`), true);
    }
    const data = new FormData();
    data.set('image', file);
    data.set('imageAlt', altInput?.value ?? '');
    showUpload(texts.textBusy ?? '', false);
    const result = await actions.articles.upload(data);
    if (result.error) return showUpload(result.error.message, true);
    const start = body.selectionStart ?? body.value.length;
    const end = body.selectionEnd ?? start;
    const before = body.value.slice(0, start);
    const insert = `${before && !before.endsWith('\n') ? '\n\n' : ''}${result.data.markdown}\n`;
    body.setRangeText(insert, start, end, 'end');
    body.focus();
    body.dispatchEvent(new Event('input', { bubbles: true }));
    if (fileInput) fileInput.value = '';
    if (altInput) altInput.value = '';
    showUpload((texts.textUploaded ?? '{markdown}').replace('{markdown}', result.data.markdown), false);
  });

  // A save clears nothing here: the page after a successful save says so (data-clear-draft).
}
