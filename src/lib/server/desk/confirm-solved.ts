/**
 * `confirmSolved`: the customer says "Yes, this solved it" (status page or solution e-mail):
 * a solved ticket closes at once, with a `status` event by the customer. Confirming again, or
 * a ticket already closed, changes nothing (a second click on the mail's link is harmless).
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { DeskError } from './errors.ts';
import { findTicketForFeedback } from './feedback-links.ts';
import { changeStatusInChange, finishChangeInChange } from './lifecycle.ts';
import { loadRowForUpdate, toTicket } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** What `confirmSolved` is given. */
export interface ConfirmSolvedOptions {
  /** The answer link's secret or the status-page token. */
  token: string;
  now?: number;
}

/**
 * Closes the solved ticket as confirmed by the customer. Throws DeskError 'not_found' for a
 * wrong token, 'invalid' (`answer.error.notSolved`) when the ticket is not solved.
 */
export async function confirmSolved(database: Database, options: ConfirmSolvedOptions): Promise<Ticket> {
  const { token, now = Date.now() } = options;
  return writeTransaction(database, async (trx) => {
    const found = await findTicketForFeedback(trx, token);
    if (!found) throw new DeskError('not_found', 'ticket.reply.error.notFound', { message: 'This request does not exist.' });
    const row = (await loadRowForUpdate(trx, found.id))!;
    if (row.status === 'closed') return toTicket(row);
    if (row.status !== 'solved') throw new DeskError('invalid', 'answer.error.notSolved', { message: `${row.reference} is not solved (it is ${row.status}).` });
    const version = row.version + 1;
    await changeStatusInChange(trx, row, 'closed', { actorId: null, version, at: now, detail: 'confirmed solved by the customer' });
    return await finishChangeInChange(trx, row.id, version, now);
  });
}
