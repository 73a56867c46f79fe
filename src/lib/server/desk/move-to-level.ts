/**
 * Moving a ticket between levels inside a change (escalating, handing back): it leaves its
 * assignee (with an `assigned` event to nobody), changes level and records why. The caller
 * then assigns it at the new level.
 */
import type { Trx } from '../platform/database/write-transaction.ts';
import { recordTicketEventInChange } from './events.ts';
import { setAssigneeInChange } from './set-assignee.ts';
import type { TicketRow } from './ticket-row.ts';
import type { Level } from './vocabulary.ts';

/** Puts the ticket back into its queue (with an event), if it was assigned. */
export async function unassignInChange(trx: Trx, row: TicketRow, change: { actorId: number; version: number; at: number; detail: string }): Promise<void> {
  if (row.assignee_id === null) return;
  await setAssigneeInChange(trx, row.id, { from: row.assignee_id, to: null, actorId: change.actorId, detail: change.detail, version: change.version, at: change.at });
  row.assignee_id = null;
}

/** Moves the ticket to level `to`, unassigned, with an `escalated` or `handed_back` event. */
export async function moveToLevelInChange(
  trx: Trx,
  row: TicketRow,
  to: Level,
  change: { actorId: number; version: number; at: number; type: 'escalated' | 'handed_back'; unassigned: string; detail: string },
): Promise<void> {
  const { actorId, version, at } = change;
  await unassignInChange(trx, row, { actorId, version, at, detail: change.unassigned });
  await trx.updateTable('tickets').set({ level: to }).where('id', '=', row.id).execute();
  await recordTicketEventInChange(trx, { ticketId: row.id, actorId, type: change.type, from: row.level, to, detail: change.detail, version, at });
}
