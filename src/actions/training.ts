/**
 * Training as Astro Actions (plain form posts from /staff/training/<slug> and
 * /staff/training/progress, working without JavaScript). Every handler checks the role here.
 *
 * `submitSelfCheck` (every staff role) grades the answers on the server and records the
 * attempt; the right answers never leave the server with it: a failed attempt answers only
 * which questions were wrong. A self-check with a question left unanswered is refused
 * (BAD_REQUEST) and nothing is recorded. `setTrainee` (second level and admins) sets or clears
 * a first-level agent's trainee flag.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { answersFromForm, SelfCheckIncompleteError, submitSelfCheck } from '../lib/server/training/training-progress.ts';
import { getUserById, setTrainee, UserInputError } from '../lib/server/accounts/users.ts';
import { TRAINING_PERMISSIONS } from '../lib/server/training/permissions.ts';
import { restoreTrainingRevision, saveTrainingPage, type TrainingSaveResult } from '../lib/server/training/training-editor.ts';
import { t } from '../lib/i18n.ts';
import { formText as text, rethrowAsActionError, revisionSaveFields } from './action-errors.ts';
import type { Lang } from '../lib/languages.ts';

/** Which roles may post each action (exact). */
export const TRAINING_ACTION_ROLES = {
  submitSelfCheck: TRAINING_PERMISSIONS.learn,
  setTrainee: TRAINING_PERMISSIONS.supervise,
  save: TRAINING_PERMISSIONS.edit,
  restore: TRAINING_PERMISSIONS.edit,
} as const;

/** The outcome of a save for the page: the revision, or CONFLICT (nothing saved). */
function saved(lang: Lang, result: TrainingSaveResult): { slug: string; number: number } {
  if (!result.ok) throw new ActionError({ code: 'CONFLICT', message: t(lang, 'trainingEditor.conflict.title') });
  return { slug: result.slug, number: result.revision.number };
}


export const training = {
  /**
   * Grades a self-check. The form has `slug` and one field per question, `q0`, `q1` …, whose
   * values are the chosen option numbers (0-based); several for a question with checkboxes.
   * (No input schema: the field names depend on the page.)
   */
  submitSelfCheck: defineAction({
    accept: 'form',
    handler: async (form, context): Promise<{ slug: string; passed: boolean; wrong: number[]; total: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, TRAINING_ACTION_ROLES.submitSelfCheck, lang);
      const { database, training: pages } = await getApp();
      const slug = form.get('slug');
      const page = typeof slug === 'string' && slug.length <= 300 ? pages.get(slug) : null;
      if (!page) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'training.error.notFound') });
      if (page.selfCheck.length === 0) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'training.error.noCheck') });
      try {
        const grade = await submitSelfCheck(database, user.id, page, answersFromForm([...form.entries()].slice(0, 500)));
        return { slug: page.slug, passed: grade.passed, wrong: grade.wrong, total: page.selfCheck.length };
      } catch (error) {
        if (error instanceof SelfCheckIncompleteError) {
          const list = error.unanswered.map((index) => t(lang, 'training.check.question', { number: index + 1 })).join(', ');
          throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'training.check.incomplete', { list }) });
        }
        throw error;
      }
    },
  }),

  /** Creates (no `slug`, a `newSlug`) or saves a training page; `baseRevision` is the revision the form was opened at. */
  save: defineAction({
    accept: 'form',
    input: z.object({
      ...revisionSaveFields,
      title: text(1_000),
      summary: text(2_000),
      module: text(100),
      order: text(10),
      minutes: text(10),
      lang: text(10),
      translationKey: text(200),
      tags: text(2_000),
      selfCheck: text(50_000),
      body: text(200_000),
    }),
    handler: async (input, context): Promise<{ slug: string; number: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, TRAINING_ACTION_ROLES.save, lang);
      const { database, training: pages } = await getApp();
      const { slug, newSlug, baseRevision, message, ...form } = input;
      try {
        return saved(lang, await saveTrainingPage(database, pages, user, { slug: slug || null, newSlug, baseRevision, form, message }));
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Restores an old revision of a training page as a new revision. */
  restore: defineAction({
    accept: 'form',
    input: z.object({ slug: z.string().max(300), number: z.coerce.number().int().min(1), baseRevision: z.coerce.number().int().min(0) }),
    handler: async (input, context): Promise<{ slug: string; number: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, TRAINING_ACTION_ROLES.restore, lang);
      const { database, training: pages } = await getApp();
      if (!pages.get(input.slug)) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'trainingEditor.error.notFound') });
      try {
        return saved(lang, await restoreTrainingRevision(database, pages, user, input));
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Sets (trainee = "1") or clears (trainee = "0") a first-level agent's trainee flag. */
  setTrainee: defineAction({
    accept: 'form',
    input: z.object({ userId: z.coerce.number().int().min(1), trainee: z.enum(['0', '1']) }),
    handler: async (input, context): Promise<{ userId: number; name: string; trainee: boolean }> => {
      const lang = context.locals.lang;
      const actor = assertRole(context.locals.user, TRAINING_ACTION_ROLES.setTrainee, lang);
      const { database } = await getApp();
      if (!(await getUserById(database, input.userId))) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'training.error.user') });
      try {
        const user = await setTrainee(database, input.userId, input.trainee === '1', actor);
        return { userId: user.id, name: user.name, trainee: user.trainee };
      } catch (error) {
        if (error instanceof UserInputError) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'training.error.trainee') });
        throw error;
      }
    },
  }),
};
