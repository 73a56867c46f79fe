/**
 * Feedback on articles as Astro Actions (plain form posts, no JavaScript needed).
 *
 * `vote` is public: "Was this helpful?" on a public, validated article. It needs no account
 * and stores nothing personal: the browser is known by a random id in the httpOnly
 * `tz_voter` cookie (set here, when voting — never on the cached page), of which only the
 * SHA-256 is stored. A second vote from the same browser replaces the first. Guarded by
 * Astro's origin check and a per-client rate limit (30 votes in 10 minutes).
 *
 * `flag` is for every staff role; `dismissFlag` for second level and admins. Both check the
 * role here (`assertRole`), and the domain checks the resolver's role again.
 */
import { ActionError, defineAction } from 'astro:actions';
import { SITE_URL, TRUSTED_PROXIES } from 'astro:env/server';
import { clientAddressOf, parseTrustedProxies } from '../lib/server/platform/client-address.ts';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { minutesToWait } from '../lib/server/platform/rate-limit.ts';
import { SharedRateLimiter } from '../lib/server/platform/shared-rate-limit.ts';
import { isPublicArticle } from '../lib/server/search/search.ts';
import { needsSecureCookie } from '../lib/server/accounts/session.ts';
import {
  FEEDBACK_RATE_LIMIT,
  FeedbackError,
  FLAG_REASONS,
  FLAG_RESOLVER_ROLES,
  flagArticle,
  hashVoterId,
  isVoterId,
  MAX_FEEDBACK_COMMENT,
  newVoterId,
  recordFeedback,
  resolveFlag,
  VOTER_COOKIE,
  VOTER_COOKIE_SECONDS,
} from '../lib/server/knowledge/article-feedback.ts';
import { ROLES } from '../lib/server/accounts/roles.ts';
import { t } from '../lib/i18n.ts';
import { domainActionError } from './action-errors.ts';

/** Which roles may post each action (exact). */
export const FEEDBACK_ACTION_ROLES = {
  flag: ROLES,
  dismissFlag: FLAG_RESOLVER_ROLES,
} as const;

function clientKey(context: { clientAddress: string; request: Request }): string {
  return clientAddressOf(context, parseTrustedProxies(TRUSTED_PROXIES));
}

export const feedback = {
  /** "Was this helpful?": one vote per browser and public article; a second vote replaces the first. */
  vote: defineAction({
    accept: 'form',
    input: z.object({
      /** The article voted on (public and validated, else NOT_FOUND). */
      article: z.string().trim().min(1).max(300),
      /** "1" helpful, "0" not helpful (the button pressed). */
      helpful: z.enum(['0', '1']),
      /** Optional comment, at most 1000 characters after trimming. */
      comment: z.string().max(10_000).nullish(),
    }),
    handler: async (input, context): Promise<{ slug: string; updated: boolean }> => {
      const lang = context.locals.lang;
      const { database, store } = await getApp();
      const article = store.get(input.article);
      if (!article || !isPublicArticle(article)) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'notFound.text') });
      const comment = (input.comment ?? '').trim();
      if (comment.length > MAX_FEEDBACK_COMMENT) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'feedback.error.tooLong') });
      const limited = await new SharedRateLimiter(database, 'feedback-client', FEEDBACK_RATE_LIMIT).consume(clientKey(context));
      if (!limited.allowed) {
        const minutes = minutesToWait(limited.retryAfterMs);
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: t(lang, minutes === 1 ? 'feedback.limited.one' : 'feedback.limited.other', { count: minutes }) });
      }
      let voterId = context.cookies.get(VOTER_COOKIE)?.value;
      if (!isVoterId(voterId)) {
        voterId = newVoterId();
        context.cookies.set(VOTER_COOKIE, voterId, {
          httpOnly: true,
          sameSite: 'lax',
          secure: needsSecureCookie(context.url, SITE_URL),
          path: '/',
          maxAge: VOTER_COOKIE_SECONDS,
        });
      }
      const { updated } = await recordFeedback(database, { articleSlug: article.slug, voterHash: hashVoterId(voterId), helpful: input.helpful === '1', comment, lang });
      return { slug: article.slug, updated };
    },
  }),

  /** Flags an article (any staff role): a reason and a required comment. */
  flag: defineAction({
    accept: 'form',
    input: z.object({
      /** The article flagged (any audience and state). */
      article: z.string().trim().min(1).max(300),
      /** outdated | wrong | unclear. */
      reason: z.enum(FLAG_REASONS),
      /** What is outdated, wrong or unclear (required). */
      comment: z.string().max(10_000).nullish(),
    }),
    handler: async (input, context): Promise<{ slug: string; flagId: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, FEEDBACK_ACTION_ROLES.flag, lang);
      const { database, store } = await getApp();
      const article = store.get(input.article);
      if (!article) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'notFound.text') });
      try {
        const flag = await flagArticle(database, { articleSlug: article.slug, articleTitle: article.title, reason: input.reason, comment: input.comment ?? '', userId: user.id });
        return { slug: article.slug, flagId: flag.id };
      } catch (error) {
        if (error instanceof FeedbackError) throw domainActionError(lang, error);
        throw error;
      }
    },
  }),

  /** Dismisses an open flag with a note (second level and admins). */
  dismissFlag: defineAction({
    accept: 'form',
    input: z.object({
      /** The flag's id. */
      flag: z.coerce.number().int().min(1),
      /** Why the article needs no change (required). */
      note: z.string().max(10_000).nullish(),
    }),
    handler: async (input, context): Promise<{ slug: string }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, FEEDBACK_ACTION_ROLES.dismissFlag, lang);
      const { database } = await getApp();
      try {
        const flag = await resolveFlag(database, input.flag, { user, resolution: 'dismissed', note: input.note ?? '' });
        return { slug: flag.articleSlug };
      } catch (error) {
        if (!(error instanceof FeedbackError)) throw error;
        throw domainActionError(lang, error);
      }
    },
  }),
};
