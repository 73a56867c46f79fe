/**
 * `setPriority`: changes a ticket's priority. While the customer has had no first response,
 * the due time is recomputed from the creation time and the new priority (its own event,
 * from → to); the resolution due time always follows the new priority (business hours, the
 * time waited on the customer added). Setting the same priority changes nothing.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { DeskError } from './errors.ts';
import { dueTimes } from './due-times.ts';
import { recordTicketEventInChange } from './events.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import type { Ticket } from './types.ts';
import { isPriority, PRIORITIES, type Priority } from './vocabulary.ts';

/** What `setPriority` is given. */
export interface SetPriorityOptions extends StaffCommandOptions {
  priority: Priority;
}

/** Sets the priority and, before the first response, the due time that follows from it. */
export async function setPriority(database: Database, options: SetPriorityOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now(), priority } = options;
  if (!isPriority(priority))
    throw new DeskError('invalid', 'desk.error.priority', {
      values: { priority: String(priority) },
      message: `"${String(priority)}" is not a priority (${PRIORITIES.join(', ')}).`,
    });
  return staffChange(database, { ticketId, actor, action: 'setPriority', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    if (row.priority === priority) return false;
    await trx.updateTable('tickets').set({ priority }).where('id', '=', row.id).execute();
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'priority', from: row.priority, to: priority, version, at: now });
    const dues = dueTimes(row.created_at, priority, row.waited_ms, config);
    if (row.resolution_due !== null) await trx.updateTable('tickets').set({ resolution_due: dues.resolutionDue }).where('id', '=', row.id).execute();
    if (row.first_response_at === null) {
      const due = dues.firstResponseDue;
      if (due !== row.first_response_due) {
        await trx.updateTable('tickets').set({ first_response_due: due }).where('id', '=', row.id).execute();
        await recordTicketEventInChange(trx, {
          ticketId: row.id,
          actorId: actor.id,
          type: 'first_response_due',
          from: new Date(row.first_response_due).toISOString(),
          to: new Date(due).toISOString(),
          version,
          at: now,
        });
      }
    }
  });
}
