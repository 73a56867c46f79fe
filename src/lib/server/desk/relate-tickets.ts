/**
 * `relateTickets`: links two tickets as related, both ways (stored once per pair), with a
 * `related` event on each ticket and a version bump of both. Linking an already related pair
 * changes nothing. Any two tickets may be related (not only of the same customer: the same
 * fault often reaches several customers); a closed ticket can still be the other end.
 */
import { statement, type Db } from '../platform/db.ts';
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
export function relateTickets(db: Db, options: RelateTicketsOptions): Ticket {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reference = typeof options.otherReference === 'string' ? options.otherReference.trim().toUpperCase() : '';
  if (!reference) throw new DeskError('invalid', 'org.error.relate.other', { values: { reference: '' }, message: 'Please give the reference of the related ticket.' });
  return staffChange(db, { ticketId, actor, action: 'relate', expectedVersion, now, levels: config.levels, routing: config }, (row, version) => {
    const other = statement(db, 'SELECT * FROM tickets WHERE reference = ?').get(reference) as TicketRow | undefined;
    if (!other) throw new DeskError('not_found', 'org.error.relate.other', { values: { reference }, message: `There is no ticket ${reference}.` });
    if (other.id === row.id) throw new DeskError('invalid', 'org.error.relate.self', { message: 'A ticket cannot be related to itself.' });
    const [low, high] = row.id < other.id ? [row.id, other.id] : [other.id, row.id];
    const added = statement(db, 'INSERT OR IGNORE INTO ticket_relations (low_id, high_id, created_by, created_at) VALUES (?, ?, ?, ?)').run(low, high, actor.id, now).changes;
    if (added === 0) return false;
    recordTicketEventInChange(db, { ticketId: row.id, actorId: actor.id, type: 'related', to: other.reference, version, at: now });
    const otherVersion = other.version + 1;
    recordTicketEventInChange(db, { ticketId: other.id, actorId: actor.id, type: 'related', to: row.reference, version: otherVersion, at: now });
    finishChangeInChange(db, other.id, otherVersion, now);
  });
}
