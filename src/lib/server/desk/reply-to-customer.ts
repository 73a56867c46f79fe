/**
 * `replyToCustomer`: a public reply, e-mailed to the customer. Never by third level
 * (specialists advise through notes). Sets the first response once and moves a new ticket
 * to open.
 */
import { replyEmail } from '../mail/desk-emails.ts';
import { queueEmail } from '../mail/outbox.ts';
import { statement, type Db } from '../platform/db.ts';
import { recordTicketEventInChange, writeMessageInChange } from './events.ts';
import { changeStatusInChange, markFirstResponseInChange } from './lifecycle.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_BODY, requireText } from './text-input.ts';
import { toTicket } from './ticket-row.ts';
import type { Ticket } from './types.ts';
import { recordForLatestMessageInChange, type StoredFile } from '../attachments/attachment-store.ts';

/** What `replyToCustomer` is given. */
export interface ReplyToCustomerOptions extends StaffCommandOptions {
  body: string;
  /** Files already written (attachments/accept-uploads.ts): recorded with the reply and sent as mail attachments. */
  attachments?: readonly StoredFile[];
}

function userName(db: Db, userId: number): string {
  return (statement(db, 'SELECT name FROM users WHERE id = ?').get(userId) as { name: string } | undefined)?.name ?? `#${userId}`;
}

/** Writes the reply and its files, marks the first response, opens a new ticket and queues the reply e-mail (with the files attached). */
export function replyToCustomer(db: Db, options: ReplyToCustomerOptions): Ticket {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const body = requireText(options.body, 'reply', MAX_BODY);
  return staffChange(db, { ticketId, actor, action: 'reply', expectedVersion, now, levels: config.levels, routing: config }, (row, version) => {
    writeMessageInChange(db, { ticketId: row.id, kind: 'reply', authorId: actor.id, body, version, at: now });
    const attachmentIds = recordForLatestMessageInChange(db, row.id, 'reply', options.attachments, now);
    recordTicketEventInChange(db, { ticketId: row.id, actorId: actor.id, type: 'reply', version, at: now });
    markFirstResponseInChange(db, row, now);
    if (row.status === 'new') changeStatusInChange(db, row, 'open', { actorId: actor.id, version, at: now });
    const mail = replyEmail(toTicket(row), { body, authorName: userName(db, actor.id) }, config);
    queueEmail(db, { to: row.customer_email, subject: mail.subject, body: mail.body, ticketId: row.id, attachmentIds }, now);
  });
}
