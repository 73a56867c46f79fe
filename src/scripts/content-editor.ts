/**
 * The content editors with JavaScript (articles and training pages; the forms work without
 * it). It attaches to every `data-content-editor` form, which says what to do in data
 * attributes: `data-draft-fields` (the names of the fields kept in the local draft, space
 * separated), `data-draft-key` (its key in local storage, below `tierzero:editor:`, e.g.
 * `articles:<slug>` or `training:<slug>`), `data-clear-draft` (after a save: the revision it
 * made; a draft based on an older one is cleared), `data-clear-drafts` (other drafts to clear,
 * e.g. the "new" one a page was created from) and the texts (`data-text-*`).
 * - live preview: the body (`data-editor-body`) goes to the articles.preview action (the
 *   server's sanitising pipeline, the one the article and training pages use) after a pause in
 *   typing; "Preview" (`data-preview-button`) updates it without reloading;
 * - images (only where the form has `data-upload-button`): "Upload and insert" sends the image
 *   to articles.upload and puts the Markdown in the body at the cursor;
 * - local draft: unsaved edits are kept in localStorage per page ("new" for a new one), with
 *   the revision they were based on, and restored after a reload, a closed tab or an expired
 *   session, with a notice (`data-local-draft-status`) and "Discard them". A successful save
 *   clears it (a draft typed after the save, on the page that says "saved", stays). The draft keeps its base revision, so saving it over a newer revision shows the
 *   conflict instead of overwriting.
 */
import { actions } from 'astro:actions';

interface LocalDraft {
  savedAt: number;
  fields: Record<string, string | boolean>;
}

const PREVIEW_DELAY_MS = 400;
const KEY_PREFIX = 'tierzero:editor:';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-content-editor]')) attach(form);

function attach(form: HTMLFormElement): void {
  const texts = form.dataset;
  const FIELDS = (texts.draftFields ?? '').split(/\s+/).filter(Boolean);
  const storageKey = `${KEY_PREFIX}${texts.draftKey ?? 'new'}`;
  const body = form.querySelector<HTMLTextAreaElement>('[data-editor-body]');
  const preview = form.querySelector<HTMLElement>('[data-preview]');
  const status = form.querySelector<HTMLElement>('[data-local-draft-status]');
  if (!body || !preview || !status) return;

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

  // After a save (data-clear-draft: the revision it made) the draft it saved is done with; one
  // typed after it (based on that revision: the page's address still says "saved") is kept.
  const savedRevision = Number(texts.clearDraft ?? 0);
  if (savedRevision > 0) {
    try {
      const raw = storage?.getItem(storageKey);
      if (raw && !(Number((JSON.parse(raw) as LocalDraft).fields.baseRevision) >= savedRevision)) storage?.removeItem(storageKey);
    } catch {
      storage?.removeItem(storageKey);
    }
  }
  // E.g. the draft of the "new page" form this page was just created from.
  for (const key of (texts.clearDrafts ?? '').split(/\s+/).filter(Boolean)) storage?.removeItem(`${KEY_PREFIX}${key}`);

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
  const updatePreview = async (): Promise<void> => {
    const seq = ++previewSeq;
    const data = new FormData();
    data.set('body', body.value);
    const result = await actions.articles.preview(data);
    if (seq !== previewSeq || result.error) return;
    preview.innerHTML = result.data.html; // sanitised on the server by the public pipeline
    preview.lang = field('lang')?.value ?? preview.lang;
    preview.dataset.previewUpdated = String(seq);
  };
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
