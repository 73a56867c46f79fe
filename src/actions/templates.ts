/**
 * Standard answers (answer templates) as Astro Actions: plain form posts from
 * /staff/templates and /staff/templates/<id>, working without JavaScript. Only second level
 * and admins maintain them; every handler checks the role here (`assertRole`), so a forged
 * post from another role is refused with 403 before anything is read or written.
 *
 * Validation errors answer BAD_REQUEST with the translated message; the page finds the field
 * again (`templateErrorField`) and keeps what was typed. A stale edit answers CONFLICT.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { createTemplate, deleteTemplate, TemplateError, updateTemplate, validateTemplate, type ArticleLookup } from '../lib/server/desk/answer-templates.ts';
import type { ArticleStore } from '../lib/server/knowledge/articles.ts';
import { rolesFor } from '../lib/server/desk/permissions.ts';
import { t } from '../lib/i18n.ts';
import { formText as text, rethrowAsActionError } from './action-errors.ts';

/** Which roles may post each action. */
export const TEMPLATE_ACTION_ROLES = {
  create: rolesFor('editTemplates'),
  update: rolesFor('editTemplates'),
  delete: rolesFor('editTemplates'),
} as const;

/** The article lookup the validation needs, from the content store. */
export function articleLookup(store: ArticleStore): ArticleLookup {
  return (slug) => store.get(slug) ?? null;
}


const fields = {
  title: text(1_000),
  lang: text(10),
  body: text(40_000),
  articleSlug: text(300),
};

export const templates = {
  /** Saves a new standard answer. */
  create: defineAction({
    accept: 'form',
    input: z.object(fields),
    handler: async (input, context): Promise<{ id: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, TEMPLATE_ACTION_ROLES.create, lang);
      const { database, store } = await getApp();
      try {
        return { id: (await createTemplate(database, input, user.id, articleLookup(store))).id };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Changes a standard answer; `version` is the one the form showed. */
  update: defineAction({
    accept: 'form',
    input: z.object({ id: z.coerce.number().int().min(1), version: z.coerce.number().int().min(0), ...fields }),
    handler: async (input, context): Promise<{ id: number; version: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, TEMPLATE_ACTION_ROLES.update, lang);
      const { database, store } = await getApp();
      try {
        const saved = await updateTemplate(database, input.id, input, input.version, user.id, articleLookup(store));
        return { id: saved.id, version: saved.version };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Deletes a standard answer; needs the confirmation box ticked. */
  delete: defineAction({
    accept: 'form',
    input: z.object({ id: z.coerce.number().int().min(1), version: z.coerce.number().int().min(0), confirm: text(10) }),
    handler: async (input, context): Promise<{ id: number }> => {
      const lang = context.locals.lang;
      assertRole(context.locals.user, TEMPLATE_ACTION_ROLES.delete, lang);
      const { database } = await getApp();
      if (input.confirm !== 'yes') throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'templates.error.confirm') });
      try {
        await deleteTemplate(database, input.id, input.version);
        return { id: input.id };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),
};

/**
 * Which field a refused create or update was about, found again from what was posted (the
 * action's error carries only a message): the first field the validation refuses, else the
 * title (a duplicate title in that language).
 */
export function templateErrorField(posted: Record<string, string>, store: ArticleStore): 'title' | 'lang' | 'body' | 'articleSlug' {
  try {
    validateTemplate({ title: posted.title ?? '', lang: posted.lang ?? '', body: posted.body ?? '', articleSlug: posted.articleSlug ?? '' }, articleLookup(store));
  } catch (error) {
    if (error instanceof TemplateError && error.field) return error.field;
  }
  return 'title';
}
