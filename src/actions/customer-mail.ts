/**
 * The customer's side of the e-mail way back, as Astro Actions (plain form posts, no account):
 * "send me my link again" from the status page — guarded by Astro's origin check and two rate
 * limits: per client address (answered with TOO_MANY_REQUESTS) and per e-mail address (silent:
 * the answer stays the same, so it reveals nothing about the address) — and "this solved it"
 * from the confirmation mail's suggestions, guarded by the status-link token.
 */
import { ActionError, defineAction } from 'astro:actions';
import { TRUSTED_PROXIES } from 'astro:env/server';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { clientAddressOf, parseTrustedProxies } from '../lib/server/platform/client-address.ts';
import { minutesToWait } from '../lib/server/platform/rate-limit.ts';
import { SharedRateLimiter } from '../lib/server/platform/shared-rate-limit.ts';
import { normaliseLookupAddress, sendStatusLinks } from '../lib/server/mail/send-status-links.ts';
import { t } from '../lib/i18n.ts';
import { closeSolvedByArticle } from '../lib/server/desk/close-solved-by-article.ts';
import { isPublicArticle } from '../lib/server/search/search.ts';
import { rethrowAsActionError } from './action-errors.ts';

/** Per client address: 5 lookups in 10 minutes. */
const CLIENT_LIMIT = { limit: 5, windowMs: 10 * 60_000, maxKeys: 10_000 };
/** Per e-mail address: 3 mails an hour, whoever asks. */
const ADDRESS_LIMIT = { limit: 3, windowMs: 60 * 60_000, maxKeys: 10_000 };

export const customerMail = {
  /** Sends the links of the address's open requests; the same answer whether or not there are any. */
  sendLinks: defineAction({
    accept: 'form',
    input: z.object({
      /** The e-mail address the requests were made with. */
      email: z.string().max(1_000).nullish(),
    }),
    handler: async (input, context): Promise<{ sent: true }> => {
      const lang = context.locals.lang;
      const address = normaliseLookupAddress(input.email);
      if (!address) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'linkAgain.invalid') });
      const { database, config } = await getApp();
      // In the database, like the ticket form's limit: shared by every instance.
      const client = new SharedRateLimiter(database, 'status-links-client', CLIENT_LIMIT);
      const allowed = await client.consume(clientAddressOf(context, parseTrustedProxies(TRUSTED_PROXIES)));
      if (!allowed.allowed) {
        const minutes = minutesToWait(allowed.retryAfterMs);
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: t(lang, minutes === 1 ? 'linkAgain.limited.one' : 'linkAgain.limited.other', { count: minutes }) });
      }
      if ((await new SharedRateLimiter(database, 'status-links-address', ADDRESS_LIMIT).consume(address)).allowed) {
        await sendStatusLinks(database, { email: address, lang, config });
      }
      return { sent: true };
    },
  }),

  /** "This solved it": closes the request as solved by the customer with a public article (counted as a deflection). */
  solvedIt: defineAction({
    accept: 'form',
    input: z.object({
      /** The status-link token (also in the page URL). */
      token: z.string().max(100),
      /** The suggested article. */
      article: z.string().trim().min(1).max(300),
    }),
    handler: async (input, context): Promise<{ reference: string }> => {
      const lang = context.locals.lang;
      const { database, store } = await getApp();
      const article = store.get(input.article);
      if (!article || !isPublicArticle(article)) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'solvedIt.gone') });
      try {
        return { reference: (await closeSolvedByArticle(database, { token: input.token, articleSlug: article.slug })).reference };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),
};
