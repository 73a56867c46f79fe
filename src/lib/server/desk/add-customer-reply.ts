/**
 * `addCustomerReply`: the customer answers through their status link (or an e-mail that
 * threads into the ticket). Their message is appended; a ticket waiting on them reopens (its
 * due-time clocks go on). A solved ticket stays solved — "thank you" is no reason to reopen;
 * the status page asks whether it is solved, and "No, I still need help" (reopen-ticket.ts)
 * reopens it. A closed ticket cannot be answered (a new problem gets a new request).
 * `addCustomerReplyGrouped` is the same command through the group committer
 * (platform/group-commit.ts) for the status page.
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { groupedWrite } from '../platform/group-commit.ts';
import { DEFAULT_DESK_CONFIG } from './desk-config.ts';
import type { DueConfig } from './due-times.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange, writeMessageInChange } from './events.ts';
import { changeStatusInChange, finishChangeInChange } from './lifecycle.ts';
import { MAX_BODY, requireText } from './text-input.ts';
import { findTicketByToken } from './ticket-lookup.ts';
import { loadRowForUpdate } from './ticket-row.ts';
import type { Ticket } from './types.ts';
import { recordForLatestMessageInChange, type StoredFile } from '../attachments/attachment-store.ts';

/** What `addCustomerReply` is given. */
export interface AddCustomerReplyOptions {
  /** The status-link token from the customer's link. */
  token: string;
  body: string;
  /** The due-time settings (a waiting ticket's clocks go on); default: `DEFAULT_DESK_CONFIG`. */
  config?: DueConfig;
  now?: number;
  /** Files already written (attachments/accept-uploads.ts), recorded with the message. */
  attachments?: readonly StoredFile[];
}

/**
 * Appends the customer's message and reopens a waiting ticket. Throws DeskError
 * 'not_found' for a wrong token, 'closed' for a closed ticket, 'invalid' for an empty or
 * oversized message.
 */
export async function addCustomerReply(database: Database, options: AddCustomerReplyOptions): Promise<Ticket> {
  return writeTransaction(database, (trx) => addCustomerReplyInChange(trx, options));
}

/** `addCustomerReply` inside the caller's write transaction (the group committer's savepoint). */
async function addCustomerReplyInChange(trx: Trx, options: AddCustomerReplyOptions): Promise<Ticket> {
  const { token, config = DEFAULT_DESK_CONFIG, now = Date.now() } = options;
  const text = requireText(options.body, 'message', MAX_BODY);
  const found = await findTicketByToken(trx, token);
  if (!found) throw new DeskError('not_found', 'ticket.reply.error.notFound', { message: 'This request does not exist.' });
  return customerReplyInChange(trx, { ticketId: found.id, body: text, config, now, attachments: options.attachments });
}

/**
 * `addCustomerReply` in the next group commit on SQLite (its own savepoint, one shared commit);
 * resolves once the commit is on the disk, rejects with the same DeskError or the batch's
 * storage error. On PostgreSQL its own transaction (the server groups WAL flushes itself).
 */
export async function addCustomerReplyGrouped(database: Database, options: AddCustomerReplyOptions): Promise<Ticket> {
  return groupedWrite(database, (trx) => addCustomerReplyInChange(trx, options));
}

/** What the customer's answer to a ticket found otherwise than by token is given. */
export interface CustomerReplyToTicket {
  ticketId: number;
  body: string;
  config?: DueConfig;
  now?: number;
  attachments?: readonly StoredFile[];
}

/**
 * The customer's answer to a ticket found otherwise than by token (an e-mail that threads
 * into it): the same rules as `addCustomerReply`, inside the caller's transaction.
 */
export async function customerReplyInChange(trx: Trx, options: CustomerReplyToTicket): Promise<Ticket> {
  const { ticketId, config = DEFAULT_DESK_CONFIG, now = Date.now() } = options;
  const text = requireText(options.body, 'message', MAX_BODY);
  const row = await loadRowForUpdate(trx, ticketId);
  if (!row) throw new DeskError('not_found', 'ticket.reply.error.notFound', { message: 'This request does not exist.' });
  if (row.status === 'closed') {
    throw new DeskError('closed', 'ticket.status.closedReplies', {
      message: 'This request is closed and can no longer be answered. If you need more help, please open a new request.',
    });
  }
  const version = row.version + 1;
  await writeMessageInChange(trx, { ticketId: row.id, kind: 'customer', authorId: null, body: text, version, at: now });
  await recordForLatestMessageInChange(trx, row.id, 'customer', options.attachments, now);
  // On a solved ticket the event says so: the desk sees the message, the ticket stays solved.
  await recordTicketEventInChange(trx, { ticketId: row.id, actorId: null, type: 'customer_reply', detail: row.status === 'solved' ? 'stays solved' : null, version, at: now });
  if (row.status === 'waiting') {
    await changeStatusInChange(trx, row, 'open', { actorId: null, version, at: now, detail: 'customer replied', config });
  }
  return finishChangeInChange(trx, row.id, version, now);
}
