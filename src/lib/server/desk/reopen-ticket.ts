/**
 * `reopenTicket`: the customer says "No, I still need help" and says why (status page or
 * solution e-mail). A solved (or waiting) ticket opens again with their message, its due-time
 * clocks go on; for a ticket in progress it is simply their message. A closed ticket cannot
 * be reopened (a new problem gets a new request).
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import type { DueConfig } from './due-times.ts';
import { DeskError } from './errors.ts';
import { findTicketForFeedback } from './feedback-links.ts';
import { recordTicketEventInChange, writeMessageInChange } from './events.ts';
import { changeStatusInChange, finishChangeInChange } from './lifecycle.ts';
import { MAX_BODY, requireText } from './text-input.ts';
import { loadRowForUpdate } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** What `reopenTicket` is given. */
export interface ReopenTicketOptions {
  /** The answer link's secret or the status-page token. */
  token: string;
  /** What is still wrong (required). */
  body: string;
  config: DueConfig;
  now?: number;
}

/**
 * Appends the message and reopens a solved or waiting ticket. Throws DeskError 'not_found'
 * for a wrong token, 'closed' for a closed ticket, 'invalid' for an empty or oversized message.
 */
export async function reopenTicket(database: Database, options: ReopenTicketOptions): Promise<Ticket> {
  const { token, config, now = Date.now() } = options;
  const text = requireText(options.body, 'message', MAX_BODY);
  return writeTransaction(database, async (trx) => {
    const found = await findTicketForFeedback(trx, token);
    if (!found) throw new DeskError('not_found', 'ticket.reply.error.notFound', { message: 'This request does not exist.' });
    const row = (await loadRowForUpdate(trx, found.id))!;
    if (row.status === 'closed') {
      throw new DeskError('closed', 'ticket.status.closedReplies', {
        message: 'This request is closed and can no longer be answered. If you need more help, please open a new request.',
      });
    }
    const version = row.version + 1;
    await writeMessageInChange(trx, { ticketId: row.id, kind: 'customer', authorId: null, body: text, version, at: now });
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: null, type: 'customer_reply', version, at: now });
    if (row.status === 'solved' || row.status === 'waiting') {
      await changeStatusInChange(trx, row, 'open', {
        actorId: null,
        version,
        at: now,
        detail: row.status === 'solved' ? 'the customer still needs help' : 'customer replied',
        config,
      });
    }
    return await finishChangeInChange(trx, row.id, version, now);
  });
}
