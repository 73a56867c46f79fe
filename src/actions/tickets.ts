/**
 * The customer's side of the support desk as Astro Actions (plain form posts, no account):
 * open a ticket, answer through the private status link, say that a suggested article
 * answered the question (a deflection), and log the ticket form's suggestion searches.
 *
 * The customer has no role to check; what guards these actions is the secret token (reply),
 * the honeypot and the per-client rate limit (create), and Astro's origin check (all).
 * Expected failures are ActionErrors the pages turn into a clear message or page:
 * BAD_REQUEST (input; the page names each field), FORBIDDEN (honeypot filled),
 * TOO_MANY_REQUESTS (rate limit; the message says when to try again), NOT_FOUND (token),
 * CONFLICT (closed ticket).
 */
import { ActionError, defineAction } from 'astro:actions';
import { ANALYTICS_RATE_LIMIT, SITE_URL, TICKET_RATE_LIMIT, TRUSTED_PROXIES } from 'astro:env/server';
import { clientAddressOf, parseTrustedProxies } from '../lib/server/platform/client-address.ts';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { recordDeflection } from '../lib/server/desk/deflections.ts';
import { analyticsLimits, mayRecordAnalytics } from '../lib/server/search/analytics-limits.ts';
import { minutesToWait } from '../lib/server/platform/rate-limit.ts';
import { isPublicArticle } from '../lib/server/search/search.ts';
import { needsSecureCookie } from '../lib/server/accounts/session.ts';
import {
  describeTicketErrors,
  HONEYPOT_FIELD,
  isHoneypotFilled,
  TICKET_FLASH_COOKIE,
  TICKET_FLASH_PATH,
  TICKET_FLASH_SECONDS,
  ticketFormValues,
  ticketRateLimit,
} from '../lib/server/desk/ticket-form.ts';
import { addCustomerReplyGrouped } from '../lib/server/desk/add-customer-reply.ts';
import { createTicketGrouped, TicketRateLimited } from '../lib/server/desk/create-ticket.ts';
import { DeskError } from '../lib/server/desk/errors.ts';
import { isLang, LANGS, type Lang } from '../lib/languages.ts';
import { t } from '../lib/i18n.ts';
import { domainErrorMessage, rethrowAsActionError } from './action-errors.ts';
import { acceptUploads, uploadField } from './upload-input.ts';
import { withUploadedFiles } from '../lib/server/attachments/accept-uploads.ts';

/** Text fields as posted; everything is checked in the handler (honeypot first, then `ticketInputSchema`). */
const optionalText = (max: number) => z.string().max(max).nullish();

/** The ticket form as posted. */
const createInput = z.object({
  /** The customer's name. */
  name: optionalText(1_000),
  /** The customer's e-mail address. */
  email: optionalText(1_000),
  /** One-line subject (≤ 200 characters after trimming). */
  subject: optionalText(1_000),
  /** The problem in the customer's words (≤ 20,000 characters). */
  description: optionalText(40_000),
  /** A category key from the knowledge base. */
  category: optionalText(200),
  /** The language the customer wants answers in. */
  lang: optionalText(10),
  /** The search the customer came from, if any. */
  sourceQuery: optionalText(1_000),
  /** The article the customer came from ("Still need help?"), if any. */
  sourceArticle: optionalText(1_000),
  /** Honeypot: hidden from people; anything in it means a robot. */
  [HONEYPOT_FIELD]: optionalText(10_000),
  /** The tab's random visit id (filled by JavaScript; see src/lib/server/search/visits.ts). */
  visit: optionalText(100),
  /** Attached files (checked by content; one refused file refuses the whole form, text kept). */
  files: uploadField,
});

/** The client address per-client limits count by (TRUSTED_PROXIES: see platform/client-address.ts). */
function clientKey(context: { clientAddress: string; request: Request }): string {
  return clientAddressOf(context, parseTrustedProxies(TRUSTED_PROXIES));
}

export const tickets = {
  /**
   * Opens a ticket from the customer form. On success the token goes into a short-lived
   * httpOnly cookie for the confirmation page (never into a URL that could be logged or
   * reloaded) and the reference is returned.
   */
  create: defineAction({
    accept: 'form',
    input: createInput,
    handler: async (input, context): Promise<{ reference: string }> => {
      const lang = context.locals.lang;
      if (isHoneypotFilled(input[HONEYPOT_FIELD])) throw new ActionError({ code: 'FORBIDDEN', message: t(lang, 'ticket.honeypot.text') });
      const app = await getApp();
      const { database, store, config, attachments } = app;
      const values = ticketFormValues(input);
      const problems = describeTicketErrors(values, store.categories().map((category) => category.key));
      if (Object.keys(problems).length > 0) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'ticket.error.title') });
      const files = await acceptUploads(input.files, lang, attachments.limits);

      // Only a public article is kept as the source; anything else the URL carried is dropped.
      const found = input.sourceArticle ? store.get(input.sourceArticle.trim()) : null;
      const sourceArticle = found && isPublicArticle(found) ? found.slug : undefined;
      let created;
      try {
        created = await withUploadedFiles(attachments.dir, files, (stored) =>
          createTicketGrouped(database, {
            input: { ...values, lang: values.lang as Lang, sourceQuery: input.sourceQuery?.slice(0, 500) || undefined, sourceArticle, visitId: input.visit },
            config,
            attachments: stored,
            suggestArticles: app.mailSuggestions,
            // Counted with the ticket, in its grouped write: a failed ticket counts nothing.
            limit: { bucket: 'ticket-client', options: ticketRateLimit(TICKET_RATE_LIMIT), key: clientKey(context) },
          }),
        );
      } catch (error) {
        if (error instanceof TicketRateLimited) {
          const minutes = minutesToWait(error.retryAfterMs);
          throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: t(lang, minutes === 1 ? 'ticket.limited.one' : 'ticket.limited.other', { count: minutes }) });
        }
        if (error instanceof DeskError && error.code === 'invalid') rethrowAsActionError(lang, error);
        throw error;
      }
      context.cookies.set(TICKET_FLASH_COOKIE, created.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: needsSecureCookie(context.url, SITE_URL),
        path: TICKET_FLASH_PATH,
        maxAge: TICKET_FLASH_SECONDS,
      });
      return { reference: created.ticket.reference };
    },
  }),

  /** The customer answers through the private status link; a ticket waiting on them reopens. */
  reply: defineAction({
    accept: 'form',
    input: z.object({
      /** The status-link token (also in the page URL). */
      token: z.string().max(100),
      /** The customer's message (≤ 20,000 characters). */
      message: z.string().max(40_000).nullish(),
      /** Attached files (checked by content; one refused file refuses the reply, text kept). */
      files: uploadField,
    }),
    handler: async (input, context): Promise<{ status: string }> => {
      const lang = context.locals.lang;
      const { database, config, attachments } = await getApp();
      const message = (input.message ?? '').trim();
      if (!message) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'ticket.reply.error.required') });
      if (message.length > 20_000) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'ticket.reply.error.tooLong') });
      const files = await acceptUploads(input.files, lang, attachments.limits);
      try {
        const ticket = await withUploadedFiles(attachments.dir, files, (stored) =>
          addCustomerReplyGrouped(database, { token: input.token, body: input.message ?? '', attachments: stored, config }),
        );
        return { status: ticket.status };
      } catch (error) {
        // The status page answers a reply to a closed request with 409 and the reason.
        if (error instanceof DeskError && error.code === 'closed') throw new ActionError({ code: 'CONFLICT', message: domainErrorMessage(lang, error) });
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** "This answered my question": records a deflection; no ticket is created. */
  deflect: defineAction({
    accept: 'form',
    input: z.object({
      /** The public article that answered the question. */
      article: z.string().trim().min(1).max(300),
      /** What the suggestions were found by. */
      query: z.string().max(1_000).nullish(),
      /** The reader's language. */
      lang: z.enum(LANGS).nullish(),
      /** The tab's random visit id, if JavaScript filled it in. */
      visit: z.string().max(100).nullish(),
    }),
    handler: async (input, context): Promise<{ slug: string }> => {
      const { database, store } = await getApp();
      const article = store.get(input.article);
      if (!article || !isPublicArticle(article)) throw new ActionError({ code: 'NOT_FOUND', message: t(context.locals.lang, 'notFound.text') });
      // Beyond the per-client limit the reader still gets the thank-you page; only the count stops.
      if (mayRecordAnalytics('deflections', clientKey(context), analyticsLimits(ANALYTICS_RATE_LIMIT))) {
        await recordDeflection(database, {
          query: input.query ?? '',
          articleSlug: article.slug,
          lang: isLang(input.lang) ? input.lang : context.locals.lang,
          visitId: input.visit,
        });
      }
      return { slug: article.slug };
    },
  }),

  /** Logs a query the customer settled on while the ticket form suggested articles (source `ticket-form`). */
  logSearch: defineAction({
    input: z.object({
      /** The query the suggestions were found by. */
      q: z.string().trim().min(1).max(200),
      /** The reader's language. */
      lang: z.enum(LANGS),
      /** The tab's random visit id. */
      visit: z.string().max(100).nullish(),
    }),
    handler: async (input, context): Promise<{ logged: boolean }> => {
      if (!mayRecordAnalytics('searches', clientKey(context), analyticsLimits(ANALYTICS_RATE_LIMIT))) return { logged: false };
      const { searchLog, search } = await getApp();
      // The result count is computed here, not trusted from the browser.
      const resultCount = search.search(input.q, input.lang, { limit: 100 }).length;
      searchLog.add({ query: input.q, lang: input.lang, resultCount, source: 'ticket-form', visitId: input.visit });
      return { logged: true };
    },
  }),
};
