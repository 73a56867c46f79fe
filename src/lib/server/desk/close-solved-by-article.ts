/**
 * `closeSolvedByArticle`: the customer clicked "this solved it" under an article suggested in
 * the confirmation mail and confirmed it on the page behind the link (a GET never changes
 * anything: mail scanners fetch links). Rules that always hold:
 * - Found only by the status-link token; the article must be public and validated (the
 *   caller checks it against the knowledge base and passes `isSuggestable`).
 * - One change: the ticket becomes solved (if it was not) and closed, `solved_by_article`
 *   and a `status` event name the article, and a deflection is recorded for the insights.
 * - Confirming again (a double click) changes nothing and counts nothing; a ticket closed
 *   otherwise is refused with 'closed'.
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import { recordDeflectionInChange } from './deflections.ts';
import { DeskError } from './errors.ts';
import { changeStatusInChange, finishChangeInChange } from './lifecycle.ts';
import { findTicketByToken } from './ticket-lookup.ts';
import { loadRowForUpdate, toTicket } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** What `closeSolvedByArticle` is given. */
export interface CloseSolvedByArticleOptions {
  token: string;
  articleSlug: string;
  now?: number;
}

/** Closes the ticket as solved by the customer with the article; returns it. */
export async function closeSolvedByArticle(database: Database, options: CloseSolvedByArticleOptions): Promise<Ticket> {
  const now = options.now ?? Date.now();
  return writeTransaction(database, async (trx): Promise<Ticket> => {
    const found = await findTicketByToken(trx, options.token);
    if (!found) throw new DeskError('not_found', 'ticket.reply.error.notFound', { message: 'This request does not exist.' });
    const row = (await loadRowForUpdate(trx, found.id))!;
    const already = await trx.selectFrom('tickets').select('solved_by_article').where('id', '=', row.id).executeTakeFirstOrThrow();
    if (row.status === 'closed') {
      if (already.solved_by_article) return toTicket(row);
      throw new DeskError('closed', 'ticket.status.closedReplies', { message: 'This request is closed.' });
    }
    const version = row.version + 1;
    const detail = `solved by the customer with the article ${options.articleSlug}`;
    if (row.status !== 'solved') await changeStatusInChange(trx, row, 'solved', { actorId: null, version, at: now, detail });
    await changeStatusInChange(trx, row, 'closed', { actorId: null, version, at: now, detail });
    await trx.updateTable('tickets').set({ solved_by_article: options.articleSlug }).where('id', '=', row.id).execute();
    await recordDeflectionInChange(trx, { query: row.subject, articleSlug: options.articleSlug, lang: row.lang, at: now });
    return await finishChangeInChange(trx, row.id, version, now);
  });
}
