/**
 * The customer's answer links: "Yes, this solved it", "No, I still need help" and the rating,
 * in the solution e-mail and on the status page. Rules that always hold:
 * - The e-mail's links carry a secret of their own (only its SHA-256 is stored, a new one with
 *   every solution mail); it lets the customer answer, never read the thread.
 * - The status page's own token answers too (the customer is already on the page).
 * - A link never acts on GET (mail scanners open links): GET shows a page with one button,
 *   the POST acts.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { queryOf, type Queryable, type Trx } from '../platform/database/write-transaction.ts';
import { findTicketByToken, hashToken } from './ticket-lookup.ts';
import { toTicket, type TicketRow } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** What a link asks: confirm solved, still need help, or a rating. */
export const FEEDBACK_ANSWERS = ['solved', 'reopen', 'good', 'bad'] as const;

/** One of the answers a feedback link carries. */
export type FeedbackAnswer = (typeof FEEDBACK_ANSWERS)[number];

/** True when a value is a feedback answer. */
export function isFeedbackAnswer(value: unknown): value is FeedbackAnswer {
  return typeof value === 'string' && (FEEDBACK_ANSWERS as readonly string[]).includes(value);
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new secret for the ticket's answer links (replaces the previous one); returns it in clear. Inside the caller's transaction. */
export async function newFeedbackTokenInChange(trx: Trx, ticketId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await trx
    .updateTable('tickets')
    .set({ feedback_token_hash: hashToken(token) })
    .where('id', '=', ticketId)
    .execute();
  return token;
}

/** The ticket an answer link's secret (or the status-page token) belongs to, or null for anything wrong. */
export async function findTicketForFeedback(db: Queryable, token: unknown): Promise<Ticket | null> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const row = (await queryOf(db).selectFrom('tickets').selectAll().where('feedback_token_hash', '=', hash).executeTakeFirst()) as TicketRow | undefined;
  if (row && row.feedback_token_hash && timingSafeEqual(Buffer.from(row.feedback_token_hash, 'hex'), Buffer.from(hash, 'hex'))) return toTicket(row);
  return findTicketByToken(db, token);
}

/** The address of an answer link: `{siteUrl}/tickets/answer/{token}?a={answer}`. */
export function feedbackUrl(siteUrl: string, token: string, answer: FeedbackAnswer): string {
  return `${siteUrl}/tickets/answer/${token}?a=${answer}`;
}
