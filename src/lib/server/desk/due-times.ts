/**
 * A ticket's two due times: the first response and the resolution, each the priority's hours
 * of business time after creation plus the business time the ticket has waited on the
 * customer (`waited_ms`). Rules that always hold:
 * - Both clocks pause while the ticket waits on the customer or is solved (`waiting_since`),
 *   and go on when it opens again: the waited business time is added, and both due times are
 *   computed again from creation, so a pause never counts against the desk.
 * - A waiting or solved ticket is never overdue; the first response is overdue only while
 *   there is none.
 * Pure functions plus the `…InChange` helpers that run inside the caller's transaction.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../platform/database/write-transaction.ts';
import { addBusinessTime, businessTimeBetween } from './business-hours.ts';
import type { DeskConfig } from './desk-config.ts';
import type { TicketRow } from './ticket-row.ts';
import type { Ticket } from './types.ts';
import type { Priority, TicketStatus } from './vocabulary.ts';

const HOUR_MS = 3_600_000;

/** What the due times follow from: the hours per priority and the working time. */
export type DueConfig = Pick<DeskConfig, 'firstResponseHours' | 'resolutionHours' | 'businessHours'>;

/** Both due times of a ticket created at `createdAt` with this priority, after `waitedMs` of waiting. */
export function dueTimes(createdAt: number, priority: Priority, waitedMs: number, config: DueConfig): { firstResponseDue: number; resolutionDue: number } {
  return {
    firstResponseDue: addBusinessTime(createdAt, config.firstResponseHours[priority] * HOUR_MS + waitedMs, config.businessHours),
    resolutionDue: addBusinessTime(createdAt, config.resolutionHours[priority] * HOUR_MS + waitedMs, config.businessHours),
  };
}

/** Statuses in which the clocks stop: waiting on the customer, or solved (waiting for their confirmation). */
export const PAUSED_STATUSES: readonly TicketStatus[] = ['waiting', 'solved', 'closed'];

/** True when the first response is overdue at `now`. */
export function isFirstResponseOverdue(ticket: Pick<Ticket, 'status' | 'firstResponseAt' | 'firstResponseDue'>, now: number): boolean {
  return !PAUSED_STATUSES.includes(ticket.status) && ticket.firstResponseAt === null && ticket.firstResponseDue < now;
}

/** True when the resolution is overdue at `now` (tickets from before resolution due times never are). */
export function isResolutionOverdue(ticket: Pick<Ticket, 'status' | 'resolutionDue'>, now: number): boolean {
  return !PAUSED_STATUSES.includes(ticket.status) && ticket.resolutionDue !== null && ticket.resolutionDue < now;
}

/** SQL: the ticket (alias `t`) is overdue at `now` — its first response or its resolution. */
export function overdueSql(now: number): RawBuilder<boolean> {
  return sql<boolean>`(t.status IN ('new', 'open') AND ((t.first_response_at IS NULL AND t.first_response_due < ${now}) OR t.resolution_due < ${now}))`;
}

/**
 * Stops or restarts the clocks when the status changes (inside the caller's transaction):
 * entering a paused status notes the time; leaving it adds the business time waited and
 * computes both due times again. Leaving a pause needs `config` (throws without it).
 */
export async function pauseOrResumeInChange(trx: Trx, row: TicketRow, to: TicketStatus, at: number, config: DueConfig | undefined): Promise<void> {
  const paused = PAUSED_STATUSES.includes(to);
  if (paused && row.waiting_since === null) {
    await trx.updateTable('tickets').set({ waiting_since: at }).where('id', '=', row.id).execute();
    row.waiting_since = at;
  } else if (!paused && row.waiting_since !== null) {
    if (!config) throw new Error(`ticket ${row.reference} leaves ${row.status} without the desk configuration for its due times`);
    const waited = row.waited_ms + businessTimeBetween(row.waiting_since, at, config.businessHours);
    const due = dueTimes(row.created_at, row.priority, waited, config);
    const resolutionDue = row.resolution_due === null ? null : due.resolutionDue;
    const firstResponseDue = row.first_response_at === null ? due.firstResponseDue : row.first_response_due;
    await trx
      .updateTable('tickets')
      .set({ waiting_since: null, waited_ms: waited, first_response_due: firstResponseDue, resolution_due: resolutionDue })
      .where('id', '=', row.id)
      .execute();
    Object.assign(row, { waiting_since: null, waited_ms: waited, first_response_due: firstResponseDue, resolution_due: resolutionDue });
  }
}
