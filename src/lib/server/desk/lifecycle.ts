/**
 * The lifecycle applied to a ticket row inside a change: status changes checked against
 * `TRANSITIONS` (with their timestamps and a `status` event), the first response, and the
 * version bump that ends every change. All run inside the caller's transaction.
 */
import type { Trx } from '../platform/database/write-transaction.ts';
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
export async function changeStatusInChange(trx: Trx, row: TicketRow, to: TicketStatus, change: TicketChange & { detail?: string | null; config?: DueConfig }): Promise<void> {
  if (!canTransition(row.status, to)) {
    throw new DeskError(row.status === 'closed' ? 'closed' : 'invalid', 'desk.error.transition', { values: { from: row.status, to }, message: `A ${row.status} ticket cannot become ${to}.` });
  }
  await trx
    .updateTable('tickets')
    .set({
      status: to,
      ...(to === 'solved' ? { solved_at: change.at } : {}),
      // A reopened ticket is no longer solved; when it was solved stays in the event history.
      ...(row.status === 'solved' && to === 'open' ? { solved_at: null } : {}),
      ...(to === 'closed' ? { closed_at: change.at } : {}),
    })
    .where('id', '=', row.id)
    .execute();
  await pauseOrResumeInChange(trx, row, to, change.at, change.config);
  await recordTicketEventInChange(trx, {
    ticketId: row.id,
    actorId: change.actorId,
    type: 'status',
    from: row.status,
    to,
    detail: change.detail ?? null,
    version: change.version,
    at: change.at,
  });
  row.status = to;
}

/** Records the first response (reply or solution mail) once. */
export async function markFirstResponseInChange(trx: Trx, row: TicketRow, at: number): Promise<void> {
  if (row.first_response_at !== null) return;
  await trx.updateTable('tickets').set({ first_response_at: at }).where('id', '=', row.id).execute();
  row.first_response_at = at;
}

/** Ends a change: sets the new version and `updated_at`, and returns the ticket as it is now. */
export async function finishChangeInChange(trx: Trx, ticketId: number, version: number, at: number): Promise<Ticket> {
  await trx.updateTable('tickets').set({ version, updated_at: at }).where('id', '=', ticketId).execute();
  return toTicket((await loadRow(trx, ticketId))!);
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
