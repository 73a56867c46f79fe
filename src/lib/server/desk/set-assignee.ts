/**
 * A ticket's assignee changed inside a change: the column and its `assigned` event together,
 * so that the timeline always says who had the ticket when (and the event keeps the level the
 * ticket is at after the write). Who it goes to is decided by the caller (the assignment rule,
 * taking, reassigning, handing back, leaving a level); this only writes.
 */
import type { Trx } from '../platform/database/write-transaction.ts';
import { recordTicketEventInChange } from './events.ts';

/** Sets the assignee from `from` to `to` (null: nobody) and records the `assigned` event. */
export async function setAssigneeInChange(
  trx: Trx,
  ticketId: number,
  change: { from: number | null; to: number | null; actorId: number | null; detail: string; version: number; at: number },
): Promise<void> {
  await trx.updateTable('tickets').set({ assignee_id: change.to }).where('id', '=', ticketId).execute();
  await recordTicketEventInChange(trx, { ticketId, actorId: change.actorId, type: 'assigned', from: change.from, to: change.to, detail: change.detail, version: change.version, at: change.at });
}
