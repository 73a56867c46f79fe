/**
 * `solveTicket`: solves a ticket with a summary, a knowledge-base article, or both (at least
 * one is required). The article is linked as reuse. Sets solved_at (and the first response,
 * if there was none: the solution mail is one) and queues the solution e-mail, whose answer
 * links ("Yes, this solved it", "No, I still need help", the rating) carry a new secret. The caller
 * should only offer public articles, since the mail links the article for the customer.
 */
import { solutionEmail } from '../mail/desk-emails.ts';
import { queueEmailInChange } from '../mail/outbox.ts';
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { linkArticleInChange } from './article-links.ts';
import { DeskError } from './errors.ts';
import { newFeedbackTokenInChange } from './feedback-links.ts';
import { changeStatusInChange, markFirstResponseInChange } from './lifecycle.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_BODY, optionalText, requireSlug } from './text-input.ts';
import { toTicket } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** What `solveTicket` is given: a summary, an article, or both. */
export interface SolveTicketOptions extends StaffCommandOptions {
  summary?: string | null;
  articleSlug?: string | null;
}

/** Solves the ticket, links the article and queues the solution e-mail. */
export async function solveTicket(database: Database, options: SolveTicketOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const summary = optionalText(options.summary, 'summary', MAX_BODY);
  const articleSlug = options.articleSlug === undefined || options.articleSlug === null || options.articleSlug === '' ? null : requireSlug(options.articleSlug);
  if (summary === null && articleSlug === null)
    throw new DeskError('invalid', 'desk.error.solveNeeds', { message: 'To solve a ticket, write a solution summary or link an article.' });
  return staffChange(database, { ticketId, actor, action: 'solve', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    await changeStatusInChange(trx, row, 'solved', { actorId: actor.id, version, at: now, detail: summary });
    await trx.updateTable('tickets').set({ solution: summary }).where('id', '=', row.id).execute();
    if (articleSlug) await linkArticleInChange(trx, row.id, articleSlug, { actorId: actor.id, version, at: now });
    await markFirstResponseInChange(trx, row, now);
    const answerToken = await newFeedbackTokenInChange(trx, row.id);
    const mail = solutionEmail(toTicket(row), { summary, articleSlug, answerToken }, config);
    await queueEmailInChange(trx, { to: row.customer_email, subject: mail.subject, body: mail.body, ticketId: row.id }, now);
  });
}
