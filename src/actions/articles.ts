/**
 * The article editor as Astro Actions: plain form posts from /staff/articles/new,
 * /staff/articles/edit/<slug> and /staff/articles/history/<slug>, working without JavaScript
 * (the pages re-render with what was typed after any refusal), called from the editor's
 * script too (preview, upload). Every handler checks the role here, and the domain
 * (article-editor.ts) checks it again against the article's state: a forged post by a role
 * that may not is refused before anything is read or written.
 *
 * Refusals: BAD_REQUEST (a field; the page finds it again with `editorErrorField`),
 * FORBIDDEN, NOT_FOUND, CONFLICT (a newer revision exists; nothing saved).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { ARTICLE_EDITOR_ROLES, decideEdit, restoreArticleRevision, saveArticle, setArticleStatus, type ArticleSaveResult } from '../lib/server/knowledge/article-editor.ts';
import { buildArticleSource, checkNewSlug, EditorError, type ArticleForm } from '../lib/server/knowledge/article-form.ts';
import { previewHtml } from '../lib/server/knowledge/markdown-preview.ts';
import { checkMarkdownLimits } from '../lib/server/knowledge/markdown-limits.ts';
import { saveImage } from '../lib/server/knowledge/media-upload.ts';
import type { ArticleStore } from '../lib/server/knowledge/articles.ts';
import type { ArticleStatus } from '../lib/server/knowledge/article-schema.ts';
import type { User } from '../lib/server/accounts/users.ts';
import { t } from '../lib/i18n.ts';
import { formText as text, rethrowAsActionError, revisionSaveFields } from './action-errors.ts';
import type { Lang } from '../lib/languages.ts';

/** Which roles may post each action (the domain narrows by state: validate, archive …). */
export const ARTICLE_ACTION_ROLES = {
  save: ARTICLE_EDITOR_ROLES,
  setStatus: ARTICLE_EDITOR_ROLES,
  restore: ARTICLE_EDITOR_ROLES,
  preview: ARTICLE_EDITOR_ROLES,
  upload: ARTICLE_EDITOR_ROLES,
} as const;


/** The editor form's fields. */
const formFields = {
  title: text(1_000),
  summary: text(2_000),
  category: text(100),
  tags: text(2_000),
  lang: text(10),
  audience: text(20),
  translationKey: text(200),
  status: text(20),
  replacedBy: text(300),
  sourceTicket: text(40),
  body: text(400_000),
};

/** The form fields of a post (for the domain). */
function formOf(input: Record<keyof typeof formFields, string>): ArticleForm {
  return {
    title: input.title,
    summary: input.summary,
    category: input.category,
    tags: input.tags,
    lang: input.lang,
    audience: input.audience,
    translationKey: input.translationKey,
    status: input.status,
    replacedBy: input.replacedBy,
    sourceTicket: input.sourceTicket,
    body: input.body,
  };
}

/** What a successful save tells the page. */
export interface SavedArticle {
  slug: string;
  number: number;
  mode: 'saved' | 'proposed';
  resolvedFlags: number;
}

function outcome(lang: Lang, result: ArticleSaveResult): SavedArticle {
  if (!result.ok) throw new ActionError({ code: 'CONFLICT', message: t(lang, 'editor.error.conflict') });
  return { slug: result.slug, number: result.revision.number, mode: result.mode, resolvedFlags: result.resolvedFlags };
}

const editor = (user: User) => ({ id: user.id, role: user.role });

export const articles = {
  /** Saves the editor form: a new article (`slug` empty) or a revision of one. */
  save: defineAction({
    accept: 'form',
    input: z.object({
      ...revisionSaveFields,
      resolveFlags: text(10),
      ...formFields,
    }),
    handler: async (input, context): Promise<SavedArticle> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, ARTICLE_ACTION_ROLES.save, lang);
      const { database, store } = await getApp();
      try {
        const result = await saveArticle(database, store, editor(user), {
          slug: input.slug || null,
          newSlug: input.newSlug,
          baseRevision: input.baseRevision,
          form: formOf(input),
          message: input.message,
          resolveFlags: input.resolveFlags === 'yes',
        });
        return outcome(lang, result);
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Validates, archives, submits for validation or takes back to draft, as a new revision. */
  setStatus: defineAction({
    accept: 'form',
    input: z.object({ slug: text(300), baseRevision: z.coerce.number().int().min(0), status: text(20), replacedBy: text(300), message: text(2_000) }),
    handler: async (input, context): Promise<SavedArticle> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, ARTICLE_ACTION_ROLES.setStatus, lang);
      const { database, store } = await getApp();
      try {
        return outcome(lang, await setArticleStatus(database, store, editor(user), input));
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Restores an old revision (or applies a proposal) as a new revision. */
  restore: defineAction({
    accept: 'form',
    input: z.object({ slug: text(300), number: z.coerce.number().int().min(1), baseRevision: z.coerce.number().int().min(0) }),
    handler: async (input, context): Promise<SavedArticle & { from: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, ARTICLE_ACTION_ROLES.restore, lang);
      const { database, store } = await getApp();
      try {
        return { ...outcome(lang, await restoreArticleRevision(database, store, editor(user), input)), from: input.number };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /**
   * The body rendered by the public pages' pipeline (sanitised), for the editors' preview: the
   * article editor's and the training editor's (its roles include every training editor).
   */
  preview: defineAction({
    accept: 'form',
    input: z.object({ body: text(400_000) }),
    handler: async (input, context): Promise<{ html: string }> => {
      assertRole(context.locals.user, ARTICLE_ACTION_ROLES.preview, context.locals.lang);
      const { markdown } = await getApp();
      // A refused body previews as a notice with the reason (rendered in a worker, time-limited).
      return { html: await previewHtml(context.locals.lang, input.body, markdown) };
    },
  }),

  /** Stores an image in content/media (checked by content, ≤ 5 MB) and returns its Markdown. */
  upload: defineAction({
    accept: 'form',
    input: z.object({ image: z.instanceof(File).nullish(), imageAlt: text(1_000) }),
    handler: async (input, context): Promise<{ markdown: string; url: string }> => {
      const lang = context.locals.lang;
      assertRole(context.locals.user, ARTICLE_ACTION_ROLES.upload, lang);
      const { store, database } = await getApp();
      const file = input.image ?? null;
      try {
        const stored = await saveImage(
          store.mediaDir,
          file && file.size > 0 ? { name: file.name, size: file.size, bytes: async () => new Uint8Array(await file.arrayBuffer()) } : null,
          input.imageAlt,
          database,
        );
        return { markdown: stored.markdown, url: stored.url };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),
};

/**
 * Which field a refused save was about, found again from what was posted (the action's
 * error carries only a message): the first check that fails, in the order the domain runs them.
 */
export function editorErrorField(posted: Record<string, string>, store: ArticleStore, user: { role: User['role'] }): string | null {
  const form: ArticleForm = {
    title: posted.title ?? '',
    summary: posted.summary ?? '',
    category: posted.category ?? '',
    tags: posted.tags ?? '',
    lang: posted.lang ?? '',
    audience: posted.audience ?? '',
    translationKey: posted.translationKey ?? '',
    status: posted.status ?? '',
    replacedBy: posted.replacedBy ?? '',
    sourceTicket: posted.sourceTicket ?? '',
    body: posted.body ?? '',
  };
  const slug = posted.slug || null;
  try {
    if (posted.resolveFlags === 'yes' && !['second_level', 'admin'].includes(user.role)) return 'resolveFlags';
    if ((posted.message ?? '').length > 500) return 'message';
    const from = slug ? (store.get(slug)?.status ?? null) : null;
    decideEdit(user, from, form.status as ArticleStatus);
    const target = slug ?? (posted.newSlug?.trim() ? checkNewSlug(posted.newSlug) : 'new-article');
    if (!slug && posted.newSlug?.trim() && store.get(target)) return 'newSlug';
    buildArticleSource(form, target, (other) => store.get(other) !== null);
    // The renderer's refusals (checked after the fields) are about the body.
    if (checkMarkdownLimits(form.body)) return 'body';
  } catch (error) {
    if (error instanceof EditorError && error.field) return error.field === 'slug' ? 'newSlug' : error.field;
  }
  return null;
}
