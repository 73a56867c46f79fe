/**
 * `takeTicket`: assigns the ticket to the actor. Any agent of the ticket's level may take it,
 * also from a colleague (optionally with a reason); taking one's own ticket changes nothing
 * (no version bump).
 */
import { statement, type Db } from '../platform/db.ts';
import { recordTicketEventInChange } from './events.ts';
import { assertInProgress } from './lifecycle.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, optionalText } from './text-input.ts';
import type { Ticket } from './types.ts';

/** What `takeTicket` is given. */
export interface TakeTicketOptions extends StaffCommandOptions {
  /** Why (optional; e.g. when taking from a colleague); recorded with the event. */
  reason?: string;
}

/** Assigns the ticket to the actor, with an `assigned` event ("taken"). */
export function takeTicket(db: Db, options: TakeTicketOptions): Ticket {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reason = optionalText(options.reason, 'assignReason', MAX_REASON);
  return staffChange(db, { ticketId, actor, action: 'take', expectedVersion, now, levels: config.levels, routing: config }, (row, version) => {
    assertInProgress(row, 'take');
    if (row.assignee_id === actor.id) return false;
    statement(db, 'UPDATE tickets SET assignee_id = ? WHERE id = ?').run(actor.id, row.id);
    recordTicketEventInChange(db, { ticketId: row.id, actorId: actor.id, type: 'assigned', from: row.assignee_id, to: actor.id, detail: reason ? `taken: ${reason}` : 'taken', version, at: now });
  });
}
