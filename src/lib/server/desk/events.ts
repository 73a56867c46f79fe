/**
 * The only writers of a ticket's audit trail and thread: `recordTicketEventInChange` (one
 * `ticket_events` row) and `writeMessageInChange` (one `ticket_messages` row). Both run inside
 * the caller's transaction, as part of a change whose version the caller has decided: nothing
 * about a ticket changes without a row here carrying that version. An event also writes the
 * staff notifications it causes (ticket-notifications.ts), in the same transaction.
 */
import type { Trx } from '../platform/database/write-transaction.ts';
import type { MessageKind } from './types.ts';
import { notifyForEventInChange } from './ticket-notifications.ts';

/** One row of the audit trail, as written by `recordTicketEventInChange`. */
export interface TicketEventInput {
  ticketId: number;
  /** null for the system (automatic assignment, auto-close) and for the customer. */
  actorId: number | null;
  type: string;
  from?: string | number | null;
  to?: string | number | null;
  detail?: string | null;
  /** The ticket's version after the change this event belongs to. */
  version: number;
  at: number;
}

/** Appends one event to a ticket's audit trail, inside the change's transaction. */
export async function recordTicketEventInChange(trx: Trx, event: TicketEventInput): Promise<void> {
  const text = (value: string | number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));
  await trx
    .insertInto('ticket_events')
    .values((eb) => ({
      ticket_id: event.ticketId,
      actor_id: event.actorId,
      type: event.type,
      from_value: text(event.from),
      to_value: text(event.to),
      detail: event.detail ?? null,
      created_at: event.at,
      version: event.version,
      // The ticket's level at the time is kept with the event (insights count per level).
      level: eb.selectFrom('tickets').select('level').where('id', '=', event.ticketId),
    }))
    .execute();
  // The staff notifications the event causes, in the same transaction.
  await notifyForEventInChange(trx, event);
}

/** The user id an `assigned` event's from/to value holds (stored as text), or null for none. */
export function assignedUserId(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** One message of a ticket's thread, as written by `writeMessageInChange`. */
export interface TicketMessageInput {
  ticketId: number;
  kind: MessageKind;
  /** null for the customer. */
  authorId: number | null;
  body: string;
  /** The ticket's version after the change this message belongs to. */
  version: number;
  at: number;
}

/** Appends a message to a ticket's thread, inside the change's transaction. */
export async function writeMessageInChange(trx: Trx, message: TicketMessageInput): Promise<void> {
  await trx
    .insertInto('ticket_messages')
    .values({ ticket_id: message.ticketId, kind: message.kind, author_id: message.authorId, body: message.body, created_at: message.at, version: message.version })
    .execute();
}
