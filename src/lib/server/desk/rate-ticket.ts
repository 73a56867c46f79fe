/**
 * `rateTicket`: the customer's one-click rating after solving — good or bad, with an optional
 * comment — from the status page or the solution e-mail. Rules that always hold:
 * - Only a solved or closed ticket can be rated; one rating per ticket, a second one replaces
 *   it (the latest click counts), each a `rated` event.
 * - The rating keeps the ticket's level and owner at that moment, for the insights.
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { DeskError } from './errors.ts';
import { findTicketForFeedback } from './feedback-links.ts';
import { recordTicketEventInChange } from './events.ts';
import { finishChangeInChange } from './lifecycle.ts';
import { loadRowForUpdate } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** Good or bad. */
export const RATINGS = ['good', 'bad'] as const;

/** A customer's rating. */
export type Rating = (typeof RATINGS)[number];

/** Longest rating comment, in characters. */
export const MAX_RATING_COMMENT = 2_000;

/** What `rateTicket` is given. */
export interface RateTicketOptions {
  /** The answer link's secret or the status-page token. */
  token: string;
  rating: Rating;
  comment?: string | null;
  now?: number;
}

/** A ticket's rating, or null. */
export async function getRating(database: Database, ticketId: number): Promise<{ rating: Rating; comment: string | null; ratedAt: number } | null> {
  const row = await database.kysely.selectFrom('ticket_ratings').select(['rating', 'comment', 'rated_at']).where('ticket_id', '=', ticketId).executeTakeFirst();
  return row ? { rating: row.rating as Rating, comment: row.comment, ratedAt: row.rated_at } : null;
}

/**
 * Records (or replaces) the rating. Throws DeskError 'not_found' for a wrong token, 'invalid'
 * for an unknown rating, a comment that is too long, or a ticket that is not solved.
 */
export async function rateTicket(database: Database, options: RateTicketOptions): Promise<Ticket> {
  const { token, rating, now = Date.now() } = options;
  if (!(RATINGS as readonly string[]).includes(rating)) throw new DeskError('invalid', 'answer.error.rating', { message: `"${String(rating)}" is not a rating (good, bad).` });
  const comment = typeof options.comment === 'string' && options.comment.trim() ? options.comment.trim() : null;
  if (comment !== null && comment.length > MAX_RATING_COMMENT) {
    throw new DeskError('invalid', 'answer.error.commentTooLong', { values: { max: MAX_RATING_COMMENT }, message: `The comment can be at most ${MAX_RATING_COMMENT} characters long.` });
  }
  return writeTransaction(database, async (trx) => {
    const found = await findTicketForFeedback(trx, token);
    if (!found) throw new DeskError('not_found', 'ticket.reply.error.notFound', { message: 'This request does not exist.' });
    const row = (await loadRowForUpdate(trx, found.id))!;
    if (row.status !== 'solved' && row.status !== 'closed')
      throw new DeskError('invalid', 'answer.error.notSolved', { message: `${row.reference} is not solved (it is ${row.status}).` });
    const version = row.version + 1;
    await trx
      .insertInto('ticket_ratings')
      .values({ ticket_id: row.id, rating, comment, level: row.level, agent_id: row.assignee_id, rated_at: now })
      .onConflict((oc) =>
        oc
          .column('ticket_id')
          .doUpdateSet((eb) => ({
            rating: eb.ref('excluded.rating'),
            comment: eb.ref('excluded.comment'),
            level: eb.ref('excluded.level'),
            agent_id: eb.ref('excluded.agent_id'),
            rated_at: eb.ref('excluded.rated_at'),
          })),
      )
      .execute();
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: null, type: 'rated', to: rating, detail: comment, version, at: now });
    return await finishChangeInChange(trx, row.id, version, now);
  });
}
