/**
 * `takeTicket`: assigns the ticket to the actor. Any agent of the ticket's level may take it,
 * also from a colleague (optionally with a reason); taking one's own ticket changes nothing
 * (no version bump).
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { assertInProgress } from './lifecycle.ts';
import { setAssigneeInChange } from './set-assignee.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, optionalText } from './text-input.ts';
import type { Ticket } from './types.ts';

/** What `takeTicket` is given. */
export interface TakeTicketOptions extends StaffCommandOptions {
  /** Why (optional; e.g. when taking from a colleague); recorded with the event. */
  reason?: string;
}

/** Assigns the ticket to the actor, with an `assigned` event ("taken"). */
export async function takeTicket(database: Database, options: TakeTicketOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reason = optionalText(options.reason, 'assignReason', MAX_REASON);
  return staffChange(database, { ticketId, actor, action: 'take', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    assertInProgress(row, 'take');
    if (row.assignee_id === actor.id) return false;
    await setAssigneeInChange(trx, row.id, { from: row.assignee_id, to: actor.id, actorId: actor.id, detail: reason ? `taken: ${reason}` : 'taken', version, at: now });
  });
}
