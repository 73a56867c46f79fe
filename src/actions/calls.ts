/**
 * The call desk's actions (the form on /staff/calls/new; it works without JavaScript).
 * `calls.finish` ends the call with its outcome in one transaction (lib/server/calls.ts);
 * invalid input comes back as `{ errors }` per field (error codes the page translates), so
 * the page shows each message at its field and keeps everything typed. `calls.discard` ends
 * the call in progress without a ticket. Roles: first level, second level and admins
 * (specialists never talk to customers), checked here and again in the domain.
 */
import { rethrowAsActionError } from './action-errors.ts';
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { CALL_ROLES, CallInputError, discardCall, takeCall, type CallErrorCode, type CallField, type CallLookups } from '../lib/server/calls/calls.ts';
import { deskConfig } from './desk.ts';
import type { ArticleStore } from '../lib/server/knowledge/articles.ts';

/** Which roles may post each call action (exact). */
export const CALL_ACTION_ROLES = {
  finish: CALL_ROLES,
  discard: CALL_ROLES,
} as const;

/** Optional text of a form field: Astro hands an empty field over as null. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((value) => value ?? '');

/** The article and category lookups of the call form, from the knowledge base. */
export function callLookups(store: ArticleStore): CallLookups {
  return {
    article: (slug) => store.get(slug),
    isCategory: (key) => store.categories().some((category) => category.key === key),
  };
}

/** What `calls.finish` answers: the new ticket, or the errors per field. */
export type FinishResult = { ok: true; reference: string; outcome: string; level: number; emailed: boolean } | { ok: false; errors: Partial<Record<CallField, CallErrorCode>> };

export const calls = {
  /** Ends the call: solved on the call, opened as a ticket for the agent, or escalated. */
  finish: defineAction({
    accept: 'form',
    input: z.object({
      outcome: text(20),
      name: text(1_000),
      email: text(1_000),
      subject: text(1_000),
      question: text(40_000),
      category: text(200),
      lang: text(10),
      solution: text(40_000),
      articleSlug: text(600),
      reason: text(10_000),
      handlingSeconds: text(20),
    }),
    handler: async (input, context): Promise<FinishResult> => {
      const user = assertRole(context.locals.user, CALL_ACTION_ROLES.finish, context.locals.lang);
      const app = await getApp();
      const solution = input.solution.replaceAll('{customer_name}', input.name.trim());
      try {
        const taken = await takeCall(app.database, { id: user.id, role: user.role, areas: user.areas }, { ...input, solution }, callLookups(app.store), deskConfig(app));
        return { ok: true, reference: taken.ticket.reference, outcome: taken.outcome, level: taken.ticket.level, emailed: taken.emailed };
      } catch (error) {
        if (error instanceof CallInputError) return { ok: false, errors: error.fields };
        rethrowAsActionError(context.locals.lang, error);
      }
    },
  }),

  /** Ends the call in progress without a ticket; the page then starts a new one. */
  discard: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, context): Promise<{ discarded: true }> => {
      const user = assertRole(context.locals.user, CALL_ACTION_ROLES.discard, context.locals.lang);
      const { database } = await getApp();
      await discardCall(database, user.id);
      return { discarded: true };
    },
  }),
};
