/**
 * Editing training pages in the editor: the form ↔ file conversion with training's own front
 * matter (module, order, minutes, self-check), new-page slugs, and saving / restoring through
 * the generic revision store (content-revisions.ts) with the 'training' collection — the same
 * revisions, atomic writes and conflict check as articles.
 *
 * Only second level (who train first level) and admins write training pages; everybody else
 * reads them. Every function checks the role again.
 */
import { MAX_MARKDOWN_CHARS } from '../knowledge/markdown-limits.ts';
import { markdownRefusalText, renderMarkdownSafely } from '../knowledge/render-markdown-safely.ts';
import type { MessageKey } from '../../i18n.ts';
import { DomainError, type MessageValues } from '../errors.ts';
import yaml from 'js-yaml';
import { ContentError, getRevision, MAX_REVISION_MESSAGE, saveContent, syncRevision, type ContentCollection, type Revision } from '../platform/content-revisions.ts';
import { KEY_PATTERN } from '../knowledge/article-schema.ts';
import { parseTrainingFile, type TrainingPage, type TrainingStore } from './training.ts';
import { selfCheckQuestionSchema, type TrainingFrontmatter } from './training-schema.ts';
import type { Database } from '../platform/database/connect.ts';
import { TRAINING_PERMISSIONS } from './permissions.ts';
import { hasRole, type Role } from '../accounts/roles.ts';
import { LANGS } from '../../languages.ts';

/** Who writes training pages (exact roles). */
export const TRAINING_EDITOR_ROLES: readonly Role[] = TRAINING_PERMISSIONS.edit;
/** The revision collection of training pages. */
export const TRAINING = 'training';
/** Longest body, in characters. */
export const MAX_TRAINING_BODY = MAX_MARKDOWN_CHARS;

/** The training folder as a revision collection. */
export function trainingCollection(store: Pick<TrainingStore, 'trainingDir'>): ContentCollection {
  return {
    name: TRAINING,
    dir: store.trainingDir,
    validate: (slug, source) => {
      const parsed = parseTrainingFile(slug, source);
      return parsed.ok ? { ok: true } : { ok: false, problems: parsed.problems };
    },
  };
}

/** The editor form's fields, as typed (all text). */
export interface TrainingForm {
  title: string;
  summary: string;
  module: string;
  order: string;
  minutes: string;
  lang: string;
  /** Empty: the page's own slug. */
  translationKey: string;
  /** Comma-separated. */
  tags: string;
  /** The self-check as YAML (a list of questions); empty: none. */
  selfCheck: string;
  body: string;
}

/** The fields of the form, in order. */
export const TRAINING_FORM_FIELDS = ['title', 'summary', 'module', 'order', 'minutes', 'lang', 'translationKey', 'tags', 'selfCheck', 'body'] as const;

/** A refused edit: which field (if any), the message key and its values. */
export class TrainingEditorError extends DomainError<'invalid' | 'forbidden' | 'exists' | 'not_found', keyof TrainingForm | 'slug' | 'message'> {
  constructor(code: TrainingEditorError['code'], field: TrainingEditorError['field'], key: MessageKey, values: MessageValues = {}) {
    super(code, key, { field, values });
    this.name = 'TrainingEditorError';
  }
}

/** An empty form with defaults. */
export function emptyTrainingForm(overrides: Partial<TrainingForm> = {}): TrainingForm {
  return { title: '', summary: '', module: '', order: '1', minutes: '10', lang: 'de', translationKey: '', tags: '', selfCheck: '', body: '', ...overrides };
}

/** The self-check as the YAML the form shows (empty for none). */
function selfCheckYaml(questions: TrainingFrontmatter['selfCheck']): string {
  if (questions.length === 0) return '';
  const plain = questions.map((question) => ({
    question: question.question,
    options: question.options.map((option) => (option.correct ? { text: option.text, correct: true } : { text: option.text })),
    explanation: question.explanation,
  }));
  return yaml.dump(plain, { lineWidth: -1, noRefs: true });
}

/** The form of a file's text (null if it does not parse). */
export function trainingFormFromSource(slug: string, source: string): TrainingForm | null {
  const parsed = parseTrainingFile(slug, source);
  return parsed.ok ? trainingFormFromPage(parsed.page) : null;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : null;
}

/**
 * Checks the form and builds the file's text. Throws TrainingEditorError at the first field
 * that is wrong, with a message key (and the schema's reason for the self-check).
 */
export function buildTrainingSource(form: TrainingForm, slug: string): string {
  const title = form.title.trim();
  const summary = form.summary.trim();
  if (!title || title.length > 200) throw new TrainingEditorError('invalid', 'title', 'trainingEditor.error.title');
  if (!summary || summary.length > 500) throw new TrainingEditorError('invalid', 'summary', 'trainingEditor.error.summary');
  if (!KEY_PATTERN.test(form.module)) throw new TrainingEditorError('invalid', 'module', 'trainingEditor.error.module');
  const order = wholeNumber(form.order, 1, 999);
  if (order === null) throw new TrainingEditorError('invalid', 'order', 'trainingEditor.error.order');
  const minutes = wholeNumber(form.minutes, 1, 240);
  if (minutes === null) throw new TrainingEditorError('invalid', 'minutes', 'trainingEditor.error.minutes');
  if (!(LANGS as readonly string[]).includes(form.lang)) throw new TrainingEditorError('invalid', 'lang', 'trainingEditor.error.lang');
  const translationKey = form.translationKey.trim();
  if (translationKey && !KEY_PATTERN.test(translationKey)) throw new TrainingEditorError('invalid', 'translationKey', 'trainingEditor.error.translationKey');
  const tags = [...new Set(form.tags.split(',').map((tag) => tag.trim()).filter(Boolean))];
  if (tags.length > 20 || tags.some((tag) => tag.length > 40)) throw new TrainingEditorError('invalid', 'tags', 'trainingEditor.error.tags');

  let selfCheck: TrainingFrontmatter['selfCheck'] = [];
  if (form.selfCheck.trim()) {
    let raw: unknown;
    try {
      raw = yaml.load(form.selfCheck, { schema: yaml.CORE_SCHEMA });
    } catch (error) {
      throw new TrainingEditorError('invalid', 'selfCheck', 'trainingEditor.error.selfCheckYaml', { reason: (error as Error).message.split('\n')[0] });
    }
    if (!Array.isArray(raw)) throw new TrainingEditorError('invalid', 'selfCheck', 'trainingEditor.error.selfCheckList');
    selfCheck = raw.map((question, index) => {
      const result = selfCheckQuestionSchema.safeParse(question);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new TrainingEditorError('invalid', 'selfCheck', 'trainingEditor.error.selfCheck', { number: index + 1, reason: `${issue.path.join('.') || 'question'}: ${issue.message}` });
      }
      return result.data;
    });
    if (selfCheck.length > 20) throw new TrainingEditorError('invalid', 'selfCheck', 'trainingEditor.error.selfCheckList');
  }
  if (!form.body.trim() || form.body.length > MAX_TRAINING_BODY) throw new TrainingEditorError('invalid', 'body', 'trainingEditor.error.body', { max: MAX_TRAINING_BODY });

  const data: Record<string, unknown> = { title, summary, module: form.module, order, minutes, lang: form.lang };
  if (translationKey && translationKey !== slug.replaceAll('/', '-')) data.translationKey = translationKey;
  if (tags.length > 0) data.tags = tags;
  if (selfCheck.length > 0) {
    data.selfCheck = selfCheck.map((question) => ({
      question: question.question,
      options: question.options.map((option) => (option.correct ? { text: option.text, correct: true } : { text: option.text })),
      explanation: question.explanation,
    }));
  }
  const front = yaml.dump(data, { lineWidth: -1, noRefs: true, schema: yaml.CORE_SCHEMA });
  const body = form.body.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  const source = `---\n${front}---\n\n${body}\n`;
  // The schema has the last word: what the editor writes, the store must load.
  const parsed = parseTrainingFile(slug, source);
  if (!parsed.ok) {
    throw new TrainingEditorError('invalid', null, 'trainingEditor.error.schema', { reason: parsed.problems.map((p) => `${p.field}: ${p.reason}`).join('; ') });
  }
  return source;
}

/** Slugs and first folders the staff URLs use themselves. */
const RESERVED = new Set(['new', 'progress', 'edit', 'history']);

/**
 * A slug typed for a new page: "module/page-name" or "page-name" — lower-case words with
 * hyphens, at most one folder. Refuses paths that leave the folder and the staff URLs' words.
 */
export function checkNewTrainingSlug(typed: string): string {
  const slug = typed.trim();
  if (slug.includes('..') || slug.includes('\\') || slug.startsWith('/') || /^[a-zA-Z]:/.test(slug) || slug.includes('\0')) {
    throw new TrainingEditorError('invalid', 'slug', 'trainingEditor.error.slugPath');
  }
  const parts = slug.split('/');
  if (parts.length > 2 || slug.length > 120 || parts.some((part) => !KEY_PATTERN.test(part))) {
    throw new TrainingEditorError('invalid', 'slug', 'trainingEditor.error.slugFormat');
  }
  if (RESERVED.has(parts[0]) || RESERVED.has(slug)) throw new TrainingEditorError('invalid', 'slug', 'trainingEditor.error.slugReserved', { slug });
  return slug;
}

/** What the editor posts. */
export interface TrainingSaveInput {
  /** The page being edited; null for a new one (then `newSlug` is required). */
  slug: string | null;
  newSlug?: string;
  /** The revision the form was based on (0 for a new page). */
  baseRevision: number;
  form: TrainingForm;
  message: string;
  restoredFrom?: number | null;
}

/** A save's outcome: the new revision, or a conflict with the revision that got there first. */
export type TrainingSaveResult = { ok: true; slug: string; revision: Revision } | { ok: false; conflict: Revision };

/**
 * Saves a training page: checks the role, the fields and the slug, then saves through the
 * revision store (a conflict writes nothing and returns the newer revision). Afterwards the
 * store re-reads the folder, so the change is live (and in the staff search soon after).
 */
export async function saveTrainingPage(database: Database, store: TrainingStore, user: { id: number; role: Role }, input: TrainingSaveInput, now = Date.now()): Promise<TrainingSaveResult> {
  if (!hasRole(user, TRAINING_EDITOR_ROLES)) throw new TrainingEditorError('forbidden', null, 'trainingEditor.error.forbidden');
  if (input.message.length > MAX_REVISION_MESSAGE) throw new TrainingEditorError('invalid', 'message', 'trainingEditor.error.message', { max: MAX_REVISION_MESSAGE });
  const create = input.slug === null;
  const slug = create ? checkNewTrainingSlug(input.newSlug ?? '') : input.slug!;
  if (!create && !store.get(slug)) {
    // Gone from the folder: deleted outside the editor (recorded now if not yet), or never there.
    const gone = await syncRevision(database, trainingCollection(store), slug, now).catch(() => null);
    throw new TrainingEditorError('not_found', null, gone?.kind === 'deleted' ? 'trainingEditor.error.deleted' : 'trainingEditor.error.notFound');
  }
  const source = buildTrainingSource(input.form, slug);
  // What is saved must show on its page: the renderer's refusal (with the reason) refuses the save.
  const rendered = await renderMarkdownSafely(input.form.body, store.markdown);
  if (!rendered.ok) {
    const refusal = markdownRefusalText(rendered.reason);
    throw new TrainingEditorError('invalid', 'body', refusal.key, refusal.values);
  }
  let result;
  try {
    result = await saveContent(
      database,
      trainingCollection(store),
      { slug, baseRevision: create ? 0 : input.baseRevision, source, authorId: user.id, message: input.message, kind: 'saved', create, restoredFrom: input.restoredFrom ?? null },
      now,
    );
  } catch (error) {
    if (error instanceof ContentError) {
      if (error.reason === 'exists') throw new TrainingEditorError('exists', 'slug', 'trainingEditor.error.slugTaken', { slug });
      if (error.reason === 'unsafe_path') throw new TrainingEditorError('invalid', 'slug', 'trainingEditor.error.slugPath');
      if (error.reason === 'missing') throw new TrainingEditorError('not_found', null, 'trainingEditor.error.notFound');
      if (error.reason === 'deleted') {
        // Recorded just now: the store learns it at once, so the page shows the deleted state.
        await store.rescan();
        throw new TrainingEditorError('not_found', null, 'trainingEditor.error.deleted');
      }
      throw new TrainingEditorError('invalid', null, 'trainingEditor.error.schema', { reason: error.problems.map((p) => `${p.field}: ${p.reason}`).join('; ') });
    }
    throw error;
  }
  if (!result.ok) return result;
  await store.rescan();
  return { ok: true, slug, revision: result.revision };
}

/** Restores an old revision as a new one; `baseRevision` guards against a restore over a change not seen. */
export async function restoreTrainingRevision(
  database: Database,
  store: TrainingStore,
  user: { id: number; role: Role },
  input: { slug: string; number: number; baseRevision: number },
  now = Date.now(),
): Promise<TrainingSaveResult> {
  if (!hasRole(user, TRAINING_EDITOR_ROLES)) throw new TrainingEditorError('forbidden', null, 'trainingEditor.error.forbidden');
  const old = await getRevision(database, TRAINING, input.slug, input.number);
  if (!old) throw new TrainingEditorError('not_found', null, 'trainingEditor.error.revisionNotFound', { number: input.number });
  const form = trainingFormFromSource(input.slug, old.source);
  if (!form) throw new TrainingEditorError('invalid', null, 'trainingEditor.error.revisionInvalid', { number: input.number });
  return saveTrainingPage(
    database,
    store,
    user,
    { slug: input.slug, baseRevision: input.baseRevision, form, message: `Restored revision ${input.number}`, restoredFrom: input.number },
    now,
  );
}

/**
 * The field a refused form is about (the page marks it), or null. For a new page, `exists`
 * says whether the typed address is taken.
 */
export function trainingErrorField(form: TrainingForm, slug: string | null, newSlug: string, exists: (slug: string) => boolean = () => false): string | null {
  try {
    const target = slug ?? checkNewTrainingSlug(newSlug);
    buildTrainingSource(form, target);
    return slug === null && exists(target) ? 'slug' : null;
  } catch (error) {
    return error instanceof TrainingEditorError ? error.field : null;
  }
}

/** The form of a loaded page. */
export function trainingFormFromPage(page: TrainingPage): TrainingForm {
  return {
    title: page.title,
    summary: page.summary,
    module: page.module,
    order: String(page.order),
    minutes: String(page.minutes),
    lang: page.lang,
    translationKey: page.translationKey === page.slug.replaceAll('/', '-') ? '' : page.translationKey,
    tags: page.tags.join(', '),
    selfCheck: selfCheckYaml(page.selfCheck),
    body: page.body,
  };
}

/** The form values of a post (missing fields: defaults), with the slug typed for a new page and the message. */
export function trainingValuesFromPost(posted: Record<string, string>): TrainingForm & { newSlug: string; message: string } {
  const base = emptyTrainingForm();
  const form = Object.fromEntries(TRAINING_FORM_FIELDS.map((name) => [name, posted[name] ?? base[name]])) as unknown as TrainingForm;
  return { ...form, newSlug: posted.newSlug ?? '', message: posted.message ?? '' };
}
