/**
 * The lifecycle applied to a ticket row inside a change: status changes checked against
 * `TRANSITIONS` (with their timestamps and a `status` event), the first response, and the
 * version bump that ends every change. All run inside the caller's transaction.
 */
import { statement, type Db } from '../platform/db.ts';
import { DeskError } from './errors.ts';
import { pauseOrResumeInChange, type DueConfig } from './due-times.ts';
import { recordTicketEventInChange } from './events.ts';
import { loadRow, toTicket, type TicketRow } from './ticket-row.ts';
import type { Ticket } from './types.ts';
import { canTransition, isOpenStatus, type TicketStatus } from './vocabulary.ts';

/** Who changes a ticket, and as which version: what every `…InChange` helper is given. */
export interface TicketChange {
  /** null for the system or the customer. */
  actorId: number | null;
  /** The ticket's version after this change. */
  version: number;
  at: number;
}

/**
 * Changes the status after checking the transition table, with a `status` event; stops the
 * due-time clocks when the ticket waits or is solved, and restarts them when it opens again
 * (which needs `config`).
 */
export function changeStatusInChange(db: Db, row: TicketRow, to: TicketStatus, change: TicketChange & { detail?: string | null; config?: DueConfig }): void {
  if (!canTransition(row.status, to)) {
    throw new DeskError(row.status === 'closed' ? 'closed' : 'invalid', 'desk.error.transition', { values: { from: row.status, to }, message: `A ${row.status} ticket cannot become ${to}.` });
  }
  statement(db, 'UPDATE tickets SET status = ? WHERE id = ?').run(to, row.id);
  if (to === 'solved') statement(db, 'UPDATE tickets SET solved_at = ? WHERE id = ?').run(change.at, row.id);
  // A reopened ticket is no longer solved; when it was solved stays in the event history.
  if (row.status === 'solved' && to === 'open') statement(db, 'UPDATE tickets SET solved_at = NULL WHERE id = ?').run(row.id);
  if (to === 'closed') statement(db, 'UPDATE tickets SET closed_at = ? WHERE id = ?').run(change.at, row.id);
  pauseOrResumeInChange(db, row, to, change.at, change.config);
  recordTicketEventInChange(db, { ticketId: row.id, actorId: change.actorId, type: 'status', from: row.status, to, detail: change.detail ?? null, version: change.version, at: change.at });
  row.status = to;
}

/** Records the first response (reply or solution mail) once. */
export function markFirstResponseInChange(db: Db, row: TicketRow, at: number): void {
  if (row.first_response_at !== null) return;
  statement(db, 'UPDATE tickets SET first_response_at = ? WHERE id = ?').run(at, row.id);
  row.first_response_at = at;
}

/** Ends a change: sets the new version and `updated_at`, and returns the ticket as it is now. */
export function finishChangeInChange(db: Db, ticketId: number, version: number, at: number): Ticket {
  statement(db, 'UPDATE tickets SET version = ?, updated_at = ? WHERE id = ?').run(version, at, ticketId);
  return toTicket(loadRow(db, ticketId)!);
}

const IN_PROGRESS_VERBS = { escalate: 'escalated', handBack: 'handed back', take: 'taken', assign: 'assigned', release: 'released' } as const;

/** Refuses (DeskError 'invalid') unless the ticket is still in progress (new, open, waiting). */
export function assertInProgress(row: TicketRow, action: keyof typeof IN_PROGRESS_VERBS): void {
  if (!isOpenStatus(row.status)) {
    throw new DeskError('invalid', `desk.error.notInProgress.${action}` as const, {
      values: { reference: row.reference, status: row.status },
      message: `Only tickets in progress can be ${IN_PROGRESS_VERBS[action]}; ${row.reference} is ${row.status}.`,
    });
  }
}
