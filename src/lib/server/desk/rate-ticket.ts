/**
 * `rateTicket`: the customer's one-click rating after solving — good or bad, with an optional
 * comment — from the status page or the solution e-mail. Rules that always hold:
 * - Only a solved or closed ticket can be rated; one rating per ticket, a second one replaces
 *   it (the latest click counts), each a `rated` event.
 * - The rating keeps the ticket's level and owner at that moment, for the insights.
 */
import { statement, type Db } from '../platform/db.ts';
import { DeskError } from './errors.ts';
import { findTicketForFeedback } from './feedback-links.ts';
import { recordTicketEventInChange } from './events.ts';
import { finishChangeInChange } from './lifecycle.ts';
import { loadRow } from './ticket-row.ts';
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
export function getRating(db: Db, ticketId: number): { rating: Rating; comment: string | null; ratedAt: number } | null {
  const row = statement(db, 'SELECT rating, comment, rated_at FROM ticket_ratings WHERE ticket_id = ?').get(ticketId) as { rating: Rating; comment: string | null; rated_at: number } | undefined;
  return row ? { rating: row.rating, comment: row.comment, ratedAt: row.rated_at } : null;
}

/**
 * Records (or replaces) the rating. Throws DeskError 'not_found' for a wrong token, 'invalid'
 * for an unknown rating, a comment that is too long, or a ticket that is not solved.
 */
export function rateTicket(db: Db, options: RateTicketOptions): Ticket {
  const { token, rating, now = Date.now() } = options;
  if (!(RATINGS as readonly string[]).includes(rating)) throw new DeskError('invalid', 'answer.error.rating', { message: `"${String(rating)}" is not a rating (good, bad).` });
  const comment = typeof options.comment === 'string' && options.comment.trim() ? options.comment.trim() : null;
  if (comment !== null && comment.length > MAX_RATING_COMMENT) {
    throw new DeskError('invalid', 'answer.error.commentTooLong', { values: { max: MAX_RATING_COMMENT }, message: `The comment can be at most ${MAX_RATING_COMMENT} characters long.` });
  }
  return db
    .transaction(() => {
      const found = findTicketForFeedback(db, token);
      if (!found) throw new DeskError('not_found', 'ticket.reply.error.notFound', { message: 'This request does not exist.' });
      const row = loadRow(db, found.id)!;
      if (row.status !== 'solved' && row.status !== 'closed') throw new DeskError('invalid', 'answer.error.notSolved', { message: `${row.reference} is not solved (it is ${row.status}).` });
      const version = row.version + 1;
      statement(
        db,
        `INSERT INTO ticket_ratings (ticket_id, rating, comment, level, agent_id, rated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (ticket_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, level = excluded.level, agent_id = excluded.agent_id, rated_at = excluded.rated_at`,
      ).run(row.id, rating, comment, row.level, row.assignee_id, now);
      recordTicketEventInChange(db, { ticketId: row.id, actorId: null, type: 'rated', to: rating, detail: comment, version, at: now });
      return finishChangeInChange(db, row.id, version, now);
    })
    .immediate();
}
