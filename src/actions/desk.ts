/**
 * The support desk's staff actions (forms on /staff and /staff/tickets/<reference>; they work
 * without JavaScript). Every handler checks the role here (`assertRole`) and the domain checks
 * again (level, subject area, what the role may do at all), so a forged post is refused twice.
 *
 * Every ticket action carries the ticket `version` the form was rendered with. When the
 * ticket changed in between, the domain refuses with a `conflict`; the action answers with
 * ActionError CONFLICT and the page lists what changed (timeline entries after that version)
 * and keeps what the agent typed.
 */
import { ActionError, defineAction } from 'astro:actions';
import { SITE_URL } from 'astro:env/server';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import type { Database } from '../lib/server/platform/database/connect.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { parseDeskConfig, type DeskConfig } from '../lib/server/desk/desk-config.ts';
import { addNote } from '../lib/server/desk/add-note.ts';
import { escalateTicket } from '../lib/server/desk/escalate-ticket.ts';
import { getTicketByReference } from '../lib/server/desk/ticket-lookup.ts';
import { handBackTicket } from '../lib/server/desk/hand-back-ticket.ts';
import { linkArticle } from '../lib/server/desk/link-article.ts';
import { putOnHold } from '../lib/server/desk/put-on-hold.ts';
import { replyToCustomer } from '../lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../lib/server/desk/set-priority.ts';
import { setCategory } from '../lib/server/desk/set-category.ts';
import { solveTicket } from '../lib/server/desk/solve-ticket.ts';
import { takeTicket } from '../lib/server/desk/take-ticket.ts';
import { assignToColleague, releaseTicket } from '../lib/server/desk/reassign-ticket.ts';
import { consultSpecialist } from '../lib/server/desk/consult-specialist.ts';
import { adviseConsultation } from '../lib/server/desk/advise-consultation.ts';
import { acceptAdvice } from '../lib/server/desk/accept-advice.ts';
import { mergeTickets } from '../lib/server/desk/merge-tickets.ts';
import { relateTickets } from '../lib/server/desk/relate-tickets.ts';
import type { Actor, Ticket } from '../lib/server/desk/types.ts';
import { setPresence } from '../lib/server/desk/assignment.ts';
import { PRIORITIES } from '../lib/server/desk/vocabulary.ts';
import { rolesFor, type StaffAction } from '../lib/server/desk/permissions.ts';
import { addTicketTag, removeTicketTag } from '../lib/server/desk/ticket-tags.ts';
import { setLanguages, type User } from '../lib/server/accounts/users.ts';
import { t } from '../lib/i18n.ts';
import { rethrowAsActionError } from './action-errors.ts';
import { acceptUploads, uploadField } from './upload-input.ts';
import { withUploadedFiles } from '../lib/server/attachments/accept-uploads.ts';
import { isLang, type Lang } from '../lib/languages.ts';

let cachedConfig: DeskConfig | null = null;

/**
 * The desk settings: the app's (read from astro:env at start-up) when it has them, else
 * parsed from the environment here (SITE_URL through astro:env).
 */
export function deskConfig(app?: object): DeskConfig {
  const shared = (app as { config?: DeskConfig } | undefined)?.config;
  if (shared) return shared;
  cachedConfig ??= parseDeskConfig({ ...process.env, SITE_URL });
  return cachedConfig;
}

/** Fields every ticket form posts: which ticket, and the version the agent saw. */
const ticketFields = {
  /** The ticket reference, e.g. T-2026-000123. */
  reference: z.string().trim().min(1).max(40),
  /** The ticket version the form was rendered with. */
  version: z.coerce.number().int().min(0),
};

/** What a successful ticket action returns: the ticket's new version. */
export interface DeskActionResult {
  reference: string;
  version: number;
  /** Short key of what was done, for the success notice. */
  done: string;
}

function actorOf(user: User): Actor {
  return { id: user.id, role: user.role, areas: user.areas };
}

/** Runs a ticket action for the signed-in user and maps domain errors to ActionErrors. */
async function runTicketAction(
  user: User,
  lang: Lang,
  reference: string,
  done: string,
  run: (database: Database, ticketId: number, actor: Actor, config: DeskConfig, areas: string[]) => Promise<Ticket>,
): Promise<DeskActionResult> {
  const app = await getApp();
  const { database } = app;
  const ticket = await getTicketByReference(database, reference);
  if (!ticket) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'desk.error.notFound', { reference }) });
  try {
    // The subject areas are the knowledge base's categories (a chosen area must be one of them).
    const changed = await run(
      database,
      ticket.id,
      actorOf(user),
      deskConfig(app),
      app.store.categories().map((category) => category.key),
    );
    return { reference: changed.reference, version: changed.version, done };
  } catch (error) {
    rethrowAsActionError(lang, error);
  }
}

/** A ticket action: role check, then the domain call with the posted version. */
function ticketAction<S extends z.ZodRawShape>(
  name: StaffAction,
  fields: S,
  run: (database: Database, ticketId: number, actor: Actor, input: z.infer<z.ZodObject<S & typeof ticketFields>>, config: DeskConfig, areas: string[]) => Promise<Ticket>,
) {
  return defineAction({
    accept: 'form',
    input: z.object({ ...ticketFields, ...fields }),
    handler: async (input, context): Promise<DeskActionResult> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, rolesFor(name), lang);
      return runTicketAction(user, lang, (input as { reference: string }).reference, name, (database, ticketId, actor, config, areas) =>
        run(database, ticketId, actor, input as z.infer<z.ZodObject<S & typeof ticketFields>>, config, areas),
      );
    },
  });
}

/**
 * Text of a form field; the domain trims and checks length and emptiness. Astro hands an
 * empty form field to the schema as null, so null and a missing field both mean ''.
 */
const text = (max: number) =>
  z
    .string()
    .max(max * 2)
    .nullish()
    .transform((value) => value ?? '');

export const desk = {
  /** Marks the signed-in agent present or away; becoming present hands out waiting tickets. */
  setPresence: defineAction({
    accept: 'form',
    input: z.object({
      /** "present" or "away". */
      presence: z.enum(['present', 'away']),
    }),
    handler: async (input, context): Promise<{ present: boolean; assigned: string[] }> => {
      const user = assertRole(context.locals.user, rolesFor('setPresence'), context.locals.lang);
      const app = await getApp();
      const assigned = await setPresence(app.database, {
        userId: user.id,
        present: input.presence === 'present',
        now: Date.now(),
        random: Math.random,
        levels: deskConfig(app).levels,
        routing: deskConfig(app),
      });
      return { present: input.presence === 'present', assigned: assigned.map((entry) => entry.reference) };
    },
  }),

  /** Sets the signed-in agent's working languages (German, English: at least one). */
  setLanguages: defineAction({
    accept: 'form',
    input: z.object({
      /** Checkboxes: one `languages` field per checked language. */
      languages: z.array(z.string().max(10)).max(10).optional(),
    }),
    handler: async (input, context): Promise<{ languages: string[] }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, rolesFor('setLanguages'), lang);
      const chosen = input.languages ?? [];
      if (chosen.length === 0 || !chosen.every(isLang)) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'desk.error.languages') });
      const app = await getApp();
      try {
        return { languages: (await setLanguages(app.database, user.id, chosen, user)).languages };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /**
   * A public reply to the customer (e-mailed). Never by specialists. `articleSlug` is set when
   * a standard answer that stands for an article was inserted without JavaScript: the reply
   * then also records the article's reuse (with JavaScript the picker links it at once).
   */
  reply: defineAction({
    accept: 'form',
    input: z.object({ ...ticketFields, body: text(20_000), articleSlug: z.string().trim().max(300).nullish().transform((value) => value ?? ''), files: uploadField }),
    handler: async (input, context): Promise<DeskActionResult> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, rolesFor('reply'), lang);
      const slug = input.articleSlug || null;
      const { store, attachments } = await getApp();
      if (slug) {
        const article = store.get(slug);
        if (!article || article.status !== 'validated') throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'desk.error.article', { slug }) });
      }
      // Files are checked before anything is written; they are removed again if the reply fails.
      const files = await acceptUploads(input.files, lang, attachments.limits);
      return withUploadedFiles(attachments.dir, files, (stored) =>
        runTicketAction(user, lang, input.reference, 'reply', (database, id, actor, config) =>
          // The reply and the article's reuse are one change.
          replyToCustomer(database, { ticketId: id, actor, body: input.body, expectedVersion: input.version, config, attachments: stored, articleSlug: slug }),
        ),
      );
    },
  }),

  /** An internal note; from a specialist it is advice for second level. */
  note: ticketAction('note', { body: text(20_000) }, (database, id, actor, input, config) =>
    addNote(database, { ticketId: id, actor, body: input.body, expectedVersion: input.version, config }),
  ),

  /** Changes the priority (and the first-response due time while there was no response). */
  setPriority: ticketAction('setPriority', { priority: z.enum(PRIORITIES) }, (database, id, actor, input, config) =>
    setPriority(database, { ticketId: id, actor, priority: input.priority, expectedVersion: input.version, config }),
  ),

  /** Sets the category (first level sorts the tickets that came in by e-mail as "unsorted"). */
  setCategory: ticketAction('setCategory', { category: z.string().trim().min(1).max(100) }, (database, id, actor, input, config) =>
    setCategory(database, { ticketId: id, actor, category: input.category, expectedVersion: input.version, config }),
  ),

  /**
   * Solves with a summary and/or a solution article. Only public, validated articles are
   * accepted as the solution: the solution e-mail links it for the customer.
   */
  solve: defineAction({
    accept: 'form',
    input: z.object({ ...ticketFields, summary: text(20_000), articleSlug: z.string().trim().max(300).nullish().transform((value) => value ?? '') }),
    handler: async (input, context): Promise<DeskActionResult> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, rolesFor('solve'), lang);
      const slug = input.articleSlug || null;
      if (slug) {
        const { store } = await getApp();
        const article = store.get(slug);
        if (!article || article.audience !== 'public' || article.status !== 'validated') {
          throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'desk.error.solutionArticle', { slug }) });
        }
      }
      return runTicketAction(user, lang, input.reference, 'solve', (database, id, actor, config) =>
        solveTicket(database, { ticketId: id, actor, summary: input.summary, articleSlug: slug, expectedVersion: input.version, config }),
      );
    },
  }),

  /** Puts the ticket on hold, waiting on the customer. */
  putOnHold: ticketAction('putOnHold', { reason: text(5_000) }, (database, id, actor, input, config) =>
    putOnHold(database, { ticketId: id, actor, reason: input.reason, expectedVersion: input.version, config }),
  ),

  /** Escalates to the next level, with a reason and the subject area (default: the category). */
  escalate: ticketAction('escalate', { reason: text(5_000), area: text(100) }, (database, id, actor, input, config, areas) =>
    escalateTicket(database, { ticketId: id, actor, reason: input.reason, area: input.area, areas, expectedVersion: input.version, config }),
  ),

  /** Asks the specialists of a subject area for advice; the ticket stays with second level. */
  consult: ticketAction('consult', { question: text(5_000), area: text(100) }, (database, id, actor, input, config, areas) =>
    consultSpecialist(database, { ticketId: id, actor, question: input.question, area: input.area, areas, expectedVersion: input.version, config }),
  ),

  /** A specialist's advice on a consultation of their subject area (internal). */
  advise: ticketAction('advise', { advice: text(20_000) }, (database, id, actor, input, config) =>
    adviseConsultation(database, { ticketId: id, actor, advice: input.advice, expectedVersion: input.version, config }),
  ),

  /** Second level accepts the advice, which closes the consultation. */
  acceptAdvice: ticketAction('acceptAdvice', {}, (database, id, actor, input, config) => acceptAdvice(database, { ticketId: id, actor, expectedVersion: input.version, config })),

  /** Merges the ticket into another ticket of the same customer (who is told by e-mail). */
  merge: ticketAction('merge', { into: text(40) }, (database, id, actor, input, config) =>
    mergeTickets(database, { ticketId: id, actor, intoReference: input.into, expectedVersion: input.version, config }),
  ),

  /** Links the ticket with a related ticket (both ways). */
  relate: ticketAction('relate', { other: text(40) }, (database, id, actor, input, config) =>
    relateTickets(database, { ticketId: id, actor, otherReference: input.other, expectedVersion: input.version, config }),
  ),

  /** Hands the ticket back one level, with guidance. */
  handBack: ticketAction('handBack', { guidance: text(5_000) }, (database, id, actor, input, config) =>
    handBackTicket(database, { ticketId: id, actor, guidance: input.guidance, expectedVersion: input.version, config }),
  ),

  /** Takes the ticket (assigns it to oneself), also from a colleague, with an optional reason. */
  take: ticketAction('take', { reason: text(5_000) }, (database, id, actor, input, config) =>
    takeTicket(database, { ticketId: id, actor, reason: input.reason, expectedVersion: input.version, config }),
  ),

  /** Gives the ticket to a named colleague of its level, with a reason. */
  assign: ticketAction('assign', { colleagueId: z.coerce.number().int().min(1), reason: text(5_000) }, (database, id, actor, input, config) =>
    assignToColleague(database, { ticketId: id, actor, colleagueId: input.colleagueId, reason: input.reason, expectedVersion: input.version, config }),
  ),

  /** Puts an away agent's ticket back into its queue (second level and admins, every level). */
  release: ticketAction('release', { reason: text(5_000) }, (database, id, actor, input, config) =>
    releaseTicket(database, { ticketId: id, actor, reason: input.reason, expectedVersion: input.version, config }),
  ),

  /** Records that an article was used on the ticket (reuse); from the knowledge-base panel. */
  linkArticle: defineAction({
    accept: 'form',
    input: z.object({ ...ticketFields, articleSlug: z.string().trim().min(1).max(300) }),
    handler: async (input, context): Promise<DeskActionResult> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, rolesFor('linkArticle'), lang);
      const { store } = await getApp();
      const article = store.get(input.articleSlug);
      if (!article || article.status !== 'validated') {
        throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'desk.error.article', { slug: input.articleSlug }) });
      }
      return runTicketAction(user, lang, input.reference, 'linkArticle', (database, id, actor, config) =>
        linkArticle(database, { ticketId: id, actor, articleSlug: input.articleSlug, expectedVersion: input.version, config }),
      );
    },
  }),
  /** Adds a free tag to the ticket, or removes one (`remove` names the tag to remove). */
  tag: ticketAction('tag', { tag: z.string().max(200).optional(), remove: z.string().max(200).optional() }, (database, id, actor, input, config) =>
    input.remove
      ? removeTicketTag(database, { ticketId: id, actor, tag: input.remove, expectedVersion: input.version, config })
      : addTicketTag(database, { ticketId: id, actor, tag: input.tag ?? '', expectedVersion: input.version, config }),
  ),
};
