/**
 * `replyToCustomer`: a public reply, e-mailed to the customer. Never by third level
 * (specialists advise through notes). Sets the first response once and moves a new ticket
 * to open.
 */
import { replyEmail } from '../mail/desk-emails.ts';
import { queueEmailInChange } from '../mail/outbox.ts';
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { recordTicketEventInChange, writeMessageInChange } from './events.ts';
import { changeStatusInChange, markFirstResponseInChange } from './lifecycle.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_BODY, requireSlug, requireText } from './text-input.ts';
import { linkArticleInChange } from './article-links.ts';
import { toTicket } from './ticket-row.ts';
import type { Ticket } from './types.ts';
import { recordForLatestMessageInChange, type StoredFile } from '../attachments/attachment-store.ts';

/** What `replyToCustomer` is given. */
export interface ReplyToCustomerOptions extends StaffCommandOptions {
  body: string;
  /** Files already written (attachments/accept-uploads.ts): recorded with the reply and sent as mail attachments. */
  attachments?: readonly StoredFile[];
  /** A knowledge-base article the reply used (a standard answer standing for it): its reuse is recorded in the same change. */
  articleSlug?: string | null;
}

async function userName(trx: Trx, userId: number): Promise<string> {
  return (await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst())?.name ?? `#${userId}`;
}

/** Writes the reply and its files, marks the first response, opens a new ticket and queues the reply e-mail (with the files attached). */
export async function replyToCustomer(database: Database, options: ReplyToCustomerOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const body = requireText(options.body, 'reply', MAX_BODY);
  const articleSlug = options.articleSlug ? requireSlug(options.articleSlug) : null;
  return staffChange(database, { ticketId, actor, action: 'reply', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    await writeMessageInChange(trx, { ticketId: row.id, kind: 'reply', authorId: actor.id, body, version, at: now });
    const attachmentIds = await recordForLatestMessageInChange(trx, row.id, 'reply', options.attachments, now);
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'reply', version, at: now });
    if (articleSlug) await linkArticleInChange(trx, row.id, articleSlug, { actorId: actor.id, version, at: now });
    await markFirstResponseInChange(trx, row, now);
    if (row.status === 'new') await changeStatusInChange(trx, row, 'open', { actorId: actor.id, version, at: now });
    const mail = replyEmail(toTicket(row), { body, authorName: await userName(trx, actor.id) }, config);
    await queueEmailInChange(trx, { to: row.customer_email, subject: mail.subject, body: mail.body, ticketId: row.id, attachmentIds }, now);
  });
}
