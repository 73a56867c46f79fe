/**
 * `mergeTickets`: merges a ticket into another ticket of the same customer (same e-mail
 * address). In one transaction: the merged ticket's messages and attachments move to the
 * other ticket (each keeps its author and time; in the other ticket's timeline they sit at
 * the merge), the merged ticket points to the other one (`merged_into`), leaves its assignee
 * and is closed (a merged ticket is final, like a closed one), both tickets get an event
 * (`merged_into`, `merged_from`), and the customer is told by e-mail through the outbox.
 *
 * Rules: both tickets exist, differ, belong to the same non-empty e-mail address, and neither
 * is closed; a ticket waiting for a specialist's advice is not merged (accept the advice first).
 */
import { mergedEmail } from '../mail/merged-email.ts';
import { queueEmailInChange } from '../mail/outbox.ts';
import type { Database } from '../platform/database/connect.ts';
import { forUpdate } from '../platform/database/row-locks.ts';
import { getCurrentConsultation } from './consultation-state.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { finishChangeInChange } from './lifecycle.ts';
import { unassignInChange } from './move-to-level.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { toTicket, type TicketRow } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** What `mergeTickets` is given: the ticket to merge (`ticketId`) and where it goes. */
export interface MergeTicketsOptions extends StaffCommandOptions {
  /** The reference of the ticket that receives the messages. */
  intoReference: string;
}

/** Merges the ticket into `intoReference`; returns the merged (now closed) ticket. */
export async function mergeTickets(database: Database, options: MergeTicketsOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reference = typeof options.intoReference === 'string' ? options.intoReference.trim().toUpperCase() : '';
  if (!reference) throw new DeskError('invalid', 'org.error.merge.target', { values: { reference: '' }, message: 'Please give the reference of the ticket to merge into.' });
  return staffChange(database, { ticketId, actor, action: 'merge', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    const target = (await forUpdate(trx, trx.selectFrom('tickets').selectAll().where('reference', '=', reference)).executeTakeFirst()) as TicketRow | undefined;
    if (!target) throw new DeskError('not_found', 'org.error.merge.target', { values: { reference }, message: `There is no ticket ${reference}.` });
    if (target.id === row.id) throw new DeskError('invalid', 'org.error.merge.self', { message: 'A ticket cannot be merged into itself.' });
    const email = row.customer_email.trim().toLowerCase();
    if (!email || email !== target.customer_email.trim().toLowerCase()) {
      throw new DeskError('invalid', 'org.error.merge.customer', { values: { reference }, message: `${reference} belongs to another customer; only tickets of the same e-mail address are merged.` });
    }
    if (target.status === 'closed') throw new DeskError('invalid', 'org.error.merge.closed', { values: { reference }, message: `${reference} is closed.` });
    if (await getCurrentConsultation(trx, row.id))
      throw new DeskError('invalid', 'org.error.merge.consultation', { values: { reference: row.reference }, message: `${row.reference} waits for a specialist's advice.` });

    const targetVersion = target.version + 1;
    await trx.updateTable('ticket_messages').set({ ticket_id: target.id, version: targetVersion }).where('ticket_id', '=', row.id).execute();
    await trx.updateTable('attachments').set({ ticket_id: target.id }).where('ticket_id', '=', row.id).execute();
    await recordTicketEventInChange(trx, { ticketId: target.id, actorId: actor.id, type: 'merged_from', from: row.reference, version: targetVersion, at: now });
    await finishChangeInChange(trx, target.id, targetVersion, now);

    await unassignInChange(trx, row, { actorId: actor.id, version, at: now, detail: 'merged' });
    await trx.updateTable('tickets').set({ merged_into: target.id, status: 'closed', closed_at: now }).where('id', '=', row.id).execute();
    // The status change is recorded like any other (the customer sees "closed" with the merge notice).
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'status', from: row.status, to: 'closed', version, at: now });
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'merged_into', to: target.reference, version, at: now });
    row.status = 'closed';
    const mail = mergedEmail(toTicket(row), toTicket(target), config);
    await queueEmailInChange(trx, { to: row.customer_email, subject: mail.subject, body: mail.body, ticketId: target.id }, now);
  });
}
