/**
 * `relateTickets`: links two tickets as related, both ways (stored once per pair), with a
 * `related` event on each ticket and a version bump of both. Linking an already related pair
 * changes nothing. Any two tickets may be related (not only of the same customer: the same
 * fault often reaches several customers); a closed ticket can still be the other end.
 */
import type { Database } from '../platform/database/connect.ts';
import { forUpdate } from '../platform/database/row-locks.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { finishChangeInChange } from './lifecycle.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import type { TicketRow } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** What `relateTickets` is given. */
export interface RelateTicketsOptions extends StaffCommandOptions {
  /** The reference of the related ticket. */
  otherReference: string;
}

/** Links the ticket with `otherReference`. */
export async function relateTickets(database: Database, options: RelateTicketsOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reference = typeof options.otherReference === 'string' ? options.otherReference.trim().toUpperCase() : '';
  if (!reference) throw new DeskError('invalid', 'org.error.relate.other', { values: { reference: '' }, message: 'Please give the reference of the related ticket.' });
  return staffChange(database, { ticketId, actor, action: 'relate', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    const other = (await forUpdate(trx, trx.selectFrom('tickets').selectAll().where('reference', '=', reference)).executeTakeFirst()) as TicketRow | undefined;
    if (!other) throw new DeskError('not_found', 'org.error.relate.other', { values: { reference }, message: `There is no ticket ${reference}.` });
    if (other.id === row.id) throw new DeskError('invalid', 'org.error.relate.self', { message: 'A ticket cannot be related to itself.' });
    const [low, high] = row.id < other.id ? [row.id, other.id] : [other.id, row.id];
    const added = await trx
      .insertInto('ticket_relations')
      .values({ low_id: low, high_id: high, created_by: actor.id, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'related', to: other.reference, version, at: now });
    const otherVersion = other.version + 1;
    await recordTicketEventInChange(trx, { ticketId: other.id, actorId: actor.id, type: 'related', to: row.reference, version: otherVersion, at: now });
    await finishChangeInChange(trx, other.id, otherVersion, now);
  });
}
