/**
 * The article editor's domain: who may do what in which KCS state, and saving / restoring /
 * changing state through the generic revision store (content-revisions.ts) with the
 * 'articles' collection. The form ↔ file conversion and safe slugs are article-form.ts.
 *
 * Permissions (roles are exact):
 * - second_level, third_level and admin write drafts and not-validated articles;
 * - only second_level and admin validate, archive, and change validated or archived articles;
 * - a third-level specialist's save of a validated (or archived) article does not go live:
 *   it is kept as a *proposed* revision in the history, the file stays as it is, and second
 *   level or an admin applies it by restoring it (a new revision);
 * - first level reads and flags, and edits nothing.
 */
import { hasInternalBlock } from './internal-block.ts';
import { parseArticleFile, type ArticleStore } from './articles.ts';
import { STATUSES, type ArticleStatus } from './article-schema.ts';
import {
  ContentError,
  currentRevision,
  getRevision,
  MAX_REVISION_MESSAGE,
  saveContent,
  syncRevision,
  type ContentCollection,
  type Revision,
} from '../platform/content-revisions.ts';
import { FLAG_RESOLVER_ROLES, openFlags, resolveFlag } from './article-feedback.ts';
import { notifyArticleAuthorsInChange } from './article-notifications.ts';
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import { hasRole, type Role } from '../accounts/roles.ts';
import { markdownRefusalText, renderMarkdownSafely } from './render-markdown-safely.ts';
import { slugify } from '../../slug.ts';
import { EditorError, articleFormFromArticle, articleFormFromSource, buildArticleSource, checkNewSlug, freeSlug, type ArticleForm } from './article-form.ts';

/** Who writes drafts and not-validated articles. */
export const ARTICLE_EDITOR_ROLES: readonly Role[] = ['second_level', 'third_level', 'admin'];
/** Who validates and archives, and changes validated or archived articles. */
export const ARTICLE_VALIDATOR_ROLES: readonly Role[] = ['second_level', 'admin'];
/** The revision collection of articles. */
export const ARTICLES = 'articles';

/** The articles folder as a revision collection. */
export function articlesCollection(store: Pick<ArticleStore, 'articlesDir'>): ContentCollection {
  return {
    name: ARTICLES,
    dir: store.articlesDir,
    validate: (slug, source) => {
      const parsed = parseArticleFile(slug, source);
      return parsed.ok ? { ok: true } : { ok: false, problems: parsed.problems };
    },
  };
}

/** How an edit is stored: written to the file, or kept as a proposal. */
export type EditMode = 'saved' | 'proposed';

/**
 * Whether `role` may change an article from state `from` (null: a new article) to `to`, and
 * how the change is stored. Throws EditorError 'forbidden' with the reason.
 */
export function decideEdit(user: { role: Role }, from: ArticleStatus | null, to: ArticleStatus): EditMode {
  if (!hasRole(user, ARTICLE_EDITOR_ROLES)) throw new EditorError('forbidden', null, 'editor.error.forbidden');
  const validator = hasRole(user, ARTICLE_VALIDATOR_ROLES);
  if (validator) return 'saved';
  const live = (status: ArticleStatus | null): boolean => status === 'validated' || status === 'archived';
  if (live(from)) {
    // A specialist's change to a live article waits for second level; it may not take it offline.
    if (to === from) return 'proposed';
    throw new EditorError('forbidden', 'status', 'editor.error.validateRole');
  }
  if (live(to)) throw new EditorError('forbidden', 'status', 'editor.error.validateRole');
  return 'saved';
}

/** The states a role may pick in the form for an article now in state `from`. */
export function allowedStatuses(user: { role: Role }, from: ArticleStatus | null): ArticleStatus[] {
  return STATUSES.filter((to) => {
    try {
      decideEdit(user, from, to);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Refuses (EditorError on `body`, with the reason) a body the renderer refuses: what is saved
 * must show on its page. Rendered in a worker within the time limit, like every render.
 */
export async function assertBodyRenders(store: Pick<ArticleStore, 'markdown'>, body: string): Promise<void> {
  const rendered = await renderMarkdownSafely(body, store.markdown);
  if (rendered.ok) return;
  const refusal = markdownRefusalText(rendered.reason);
  throw new EditorError('invalid', 'body', refusal.key, refusal.values);
}

/** Who saves: id and role. */
export interface Editor {
  id: number;
  role: Role;
}

/** What the editor posts. */
export interface ArticleSaveInput {
  /** The article being edited; null for a new one. */
  slug: string | null;
  /** For a new article: the slug typed by the author (empty: from the title). */
  newSlug?: string;
  /** The revision the form was based on (0 for a new article). */
  baseRevision: number;
  form: ArticleForm;
  message: string;
  /** Resolve the article's open flags with this revision (second level and admin). */
  resolveFlags?: boolean;
  restoredFrom?: number | null;
}

/** A save's outcome. */
export type ArticleSaveResult =
  | { ok: true; slug: string; revision: Revision; mode: EditMode; resolvedFlags: number }
  | { ok: false; conflict: Revision };

/**
 * Saves an article from the editor: checks the role against the states, the fields and the
 * slug, then saves through the revision store (a conflict writes nothing and returns the
 * revision that got there first). A new article gets a free slug from the title unless one
 * was typed. Afterwards the store re-reads the folder, so the change is live (search rebuilds
 * off the request path).
 */
export async function saveArticle(database: Database, store: ArticleStore, user: Editor, input: ArticleSaveInput, now = Date.now()): Promise<ArticleSaveResult> {
  if (!hasRole(user, ARTICLE_EDITOR_ROLES)) throw new EditorError('forbidden', null, 'editor.error.forbidden');
  if (input.resolveFlags && !hasRole(user, FLAG_RESOLVER_ROLES)) throw new EditorError('forbidden', 'resolveFlags', 'editor.error.resolveRole');
  if (input.message.length > MAX_REVISION_MESSAGE) throw new EditorError('invalid', 'message', 'editor.error.message', { max: MAX_REVISION_MESSAGE });
  const collection = articlesCollection(store);
  const to = input.form.status as ArticleStatus;
  if (!(STATUSES as readonly string[]).includes(to)) throw new EditorError('invalid', 'status', 'editor.error.status');
  const known = (slug: string): boolean => store.get(slug) !== null;
  // Specialists' internal advice copied from a ticket must be removed or rewritten first.
  if (to === 'validated' && hasInternalBlock(input.form.body)) throw new EditorError('invalid', 'body', 'editor.error.internalBlock');

  if (input.slug === null) {
    const mode = decideEdit(user, null, to);
    const typed = (input.newSlug ?? '').trim();
    const wanted = typed ? checkNewSlug(typed) : null;
    const tried = new Set<string>();
    for (let attempt = 0; attempt < 20; attempt++) {
      const slug = wanted ?? freeSlug(slugify(input.form.title), (candidate) => known(candidate) || tried.has(candidate));
      tried.add(slug);
      const source = buildArticleSource(input.form, slug, known, now);
      await assertBodyRenders(store, input.form.body);
      try {
        const result = await saveContent(database, collection, { slug, baseRevision: 0, source, authorId: user.id, message: input.message, kind: mode, create: true }, now);
        if (!result.ok) return result;
        await store.rescan();
        return { ok: true, slug, revision: result.revision, mode, resolvedFlags: 0 };
      } catch (error) {
        if (error instanceof ContentError && error.reason === 'exists') {
          if (wanted) throw new EditorError('exists', 'slug', 'editor.error.slugTaken', { slug });
          continue; // a file took the generated slug meanwhile (not loaded yet): try the next one
        }
        throw toEditorError(error);
      }
    }
    throw new EditorError('exists', 'slug', 'editor.error.slugTaken', { slug: slugify(input.form.title) });
  }

  const slug = input.slug;
  const article = store.get(slug);
  if (!article) {
    // Gone from the folder: deleted outside the editor (recorded now if not yet), or never there.
    const gone = await syncRevision(database, collection, slug, now).catch(() => null);
    if (gone?.kind === 'deleted') throw new EditorError('not_found', null, 'editor.error.deleted');
    throw new EditorError('not_found', null, 'editor.error.notFound', { slug });
  }
  const mode = decideEdit(user, article.status, to);
  const source = buildArticleSource(input.form, slug, known, now);
  await assertBodyRenders(store, input.form.body);
  let result;
  try {
    result = await saveContent(
      database,
      collection,
      { slug, baseRevision: input.baseRevision, source, authorId: user.id, message: input.message, kind: mode, create: false, restoredFrom: input.restoredFrom ?? null },
      now,
    );
  } catch (error) {
    // Deleted outside the editor (recorded just now): the store learns it at once, so the page
    // shows the deleted state instead of the article's old one.
    if (error instanceof ContentError && error.reason === 'deleted') await store.rescan();
    throw toEditorError(error);
  }
  if (!result.ok) return result;
  let resolvedFlags = 0;
  if (mode === 'saved') {
    // "Your article was validated": right after the revision that validated it.
    if (to === 'validated' && article.status !== 'validated') {
      await writeTransaction(database, (trx) => notifyArticleAuthorsInChange(trx, { slug, title: input.form.title, kind: 'article_validated', actorId: user.id, at: now }));
    }
    await store.rescan();
    if (input.resolveFlags) {
      const note = input.message.trim() || `Revision ${result.revision.number}`;
      for (const flag of await openFlags(database, slug)) {
        await resolveFlag(database, flag.id, { user, resolution: 'revised', note }, now);
        resolvedFlags++;
      }
    }
  }
  return { ok: true, slug, revision: result.revision, mode, resolvedFlags };
}

function toEditorError(error: unknown): unknown {
  if (error instanceof ContentError) {
    if (error.reason === 'unsafe_path') return new EditorError('invalid', 'slug', 'editor.error.slugPath');
    if (error.reason === 'missing') return new EditorError('not_found', null, 'editor.error.notFound', { slug: '' });
    if (error.reason === 'deleted') return new EditorError('not_found', null, 'editor.error.deleted');
    if (error.reason === 'invalid') return new EditorError('invalid', null, 'editor.error.schema', { reason: error.problems.map((p) => `${p.field}: ${p.reason}`).join('; ') });
  }
  return error;
}

/**
 * Restores an old revision as a new one (the file gets that revision's text, dated today).
 * The same rules as a save apply to the state it brings back; `baseRevision` guards against
 * a restore over a change the user has not seen.
 */
export async function restoreArticleRevision(
  database: Database,
  store: ArticleStore,
  user: Editor,
  input: { slug: string; number: number; baseRevision: number; message?: string },
  now = Date.now(),
): Promise<ArticleSaveResult> {
  const old = await getRevision(database, ARTICLES, input.slug, input.number);
  if (!old) throw new EditorError('not_found', null, 'editor.error.revisionNotFound', { number: input.number });
  const form = articleFormFromSource(input.slug, old.source);
  if (!form) throw new EditorError('invalid', null, 'editor.error.revisionInvalid', { number: input.number });
  return saveArticle(
    database,
    store,
    user,
    { slug: input.slug, baseRevision: input.baseRevision, form, message: input.message?.trim() || `Restored revision ${input.number}`, restoredFrom: input.number },
    now,
  );
}

/**
 * Moves an article to another state (validate, archive, back to draft …) as a new revision;
 * for archiving, `replacedBy` names the article that replaces it (empty: none).
 */
export async function setArticleStatus(
  database: Database,
  store: ArticleStore,
  user: Editor,
  input: { slug: string; baseRevision: number; status: string; replacedBy?: string; message?: string },
  now = Date.now(),
): Promise<ArticleSaveResult> {
  const article = store.get(input.slug);
  if (!article) throw new EditorError('not_found', null, 'editor.error.notFound', { slug: input.slug });
  if (!(STATUSES as readonly string[]).includes(input.status)) throw new EditorError('invalid', 'status', 'editor.error.status');
  const to = input.status as ArticleStatus;
  // Changing the state is never a proposal: it needs the right to make that change.
  if (decideEdit(user, article.status, to) !== 'saved') {
    throw new EditorError('forbidden', 'status', 'editor.error.validateRole');
  }
  const current = await currentRevision(database, ARTICLES, input.slug);
  const source = current?.source ?? null;
  const form = (source && articleFormFromSource(input.slug, source)) || articleFormFromArticle(article);
  form.status = to;
  form.replacedBy = to === 'archived' ? (input.replacedBy ?? '').trim() : '';
  return saveArticle(database, store, user, { slug: input.slug, baseRevision: input.baseRevision, form, message: input.message?.trim() || `Status: ${to}` }, now);
}
