/**
 * Moving a ticket between levels inside a change (escalating, handing back): it leaves its
 * assignee (with an `assigned` event to nobody), changes level and records why. The caller
 * then assigns it at the new level.
 */
import { statement, type Db } from '../platform/db.ts';
import { recordTicketEventInChange } from './events.ts';
import type { TicketRow } from './ticket-row.ts';
import type { Level } from './vocabulary.ts';

/** Puts the ticket back into its queue (with an event), if it was assigned. */
export function unassignInChange(db: Db, row: TicketRow, change: { actorId: number; version: number; at: number; detail: string }): void {
  if (row.assignee_id === null) return;
  statement(db, 'UPDATE tickets SET assignee_id = NULL WHERE id = ?').run(row.id);
  recordTicketEventInChange(db, { ticketId: row.id, actorId: change.actorId, type: 'assigned', from: row.assignee_id, to: null, detail: change.detail, version: change.version, at: change.at });
  row.assignee_id = null;
}

/** Moves the ticket to level `to`, unassigned, with an `escalated` or `handed_back` event. */
export function moveToLevelInChange(
  db: Db,
  row: TicketRow,
  to: Level,
  change: { actorId: number; version: number; at: number; type: 'escalated' | 'handed_back'; unassigned: string; detail: string },
): void {
  const { actorId, version, at } = change;
  unassignInChange(db, row, { actorId, version, at, detail: change.unassigned });
  statement(db, 'UPDATE tickets SET level = ? WHERE id = ?').run(to, row.id);
  recordTicketEventInChange(db, { ticketId: row.id, actorId, type: change.type, from: row.level, to, detail: change.detail, version, at });
}
