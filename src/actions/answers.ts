/**
 * The customer's answers after a solution, as Astro Actions (plain form posts, no account):
 * "Yes, this solved it" (closes), "No, I still need help" (reopens with a message) and the
 * rating. Guarded by the secret in the link (the solution e-mail's answer links or the status
 * page's token) and Astro's origin check. Only POST acts: the answer page a mail link opens
 * shows one button first (desk/feedback-links.ts).
 * Expected failures: BAD_REQUEST (input, not solved), NOT_FOUND (token), CONFLICT (closed).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { confirmSolved } from '../lib/server/desk/confirm-solved.ts';
import { reopenTicket } from '../lib/server/desk/reopen-ticket.ts';
import { MAX_RATING_COMMENT, rateTicket } from '../lib/server/desk/rate-ticket.ts';
import { DeskError } from '../lib/server/desk/errors.ts';
import { t } from '../lib/i18n.ts';
import { domainErrorMessage, rethrowAsActionError } from './action-errors.ts';

const token = z.string().max(100);

export const answers = {
  /** "Yes, this solved it": a solved ticket closes. */
  confirmSolved: defineAction({
    accept: 'form',
    input: z.object({
      /** The answer link's secret or the status-page token. */
      token,
    }),
    handler: async (input, context): Promise<{ status: string }> => {
      const { database } = await getApp();
      try {
        return { status: (await confirmSolved(database, { token: input.token })).status };
      } catch (error) {
        rethrowAsActionError(context.locals.lang, error);
      }
    },
  }),

  /** "No, I still need help": the message is added and the ticket reopens. */
  reopen: defineAction({
    accept: 'form',
    input: z.object({
      /** The answer link's secret or the status-page token. */
      token,
      /** What is still not working (≤ 20,000 characters). */
      message: z.string().max(40_000).nullish(),
    }),
    handler: async (input, context): Promise<{ status: string }> => {
      const lang = context.locals.lang;
      const { database, config } = await getApp();
      const message = (input.message ?? '').trim();
      if (!message) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'ticket.reply.error.required') });
      try {
        return { status: (await reopenTicket(database, { token: input.token, body: message, config })).status };
      } catch (error) {
        if (error instanceof DeskError && error.code === 'closed') throw new ActionError({ code: 'CONFLICT', message: domainErrorMessage(lang, error) });
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** One-click rating good or bad, with an optional comment; a second rating replaces the first. */
  rate: defineAction({
    accept: 'form',
    input: z.object({
      /** The answer link's secret or the status-page token. */
      token,
      /** good or bad (checked in the domain, with a message). */
      rating: z.string().max(10).nullish(),
      /** Optional comment (≤ 2,000 characters). */
      comment: z.string().max(MAX_RATING_COMMENT * 2).nullish(),
    }),
    handler: async (input, context): Promise<{ rating: string }> => {
      const { database } = await getApp();
      try {
        await rateTicket(database, { token: input.token, rating: (input.rating ?? '') as 'good', comment: input.comment });
        return { rating: input.rating ?? '' };
      } catch (error) {
        rethrowAsActionError(context.locals.lang, error);
      }
    },
  }),
};
