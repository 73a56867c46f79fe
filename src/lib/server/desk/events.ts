/**
 * The only writers of a ticket's audit trail and thread: `recordTicketEventInChange` (one
 * `ticket_events` row) and `writeMessageInChange` (one `ticket_messages` row). Both run inside
 * the caller's transaction, as part of a change whose version the caller has decided: nothing
 * about a ticket changes without a row here carrying that version. An event also writes the
 * staff notifications it causes (ticket-notifications.ts), in the same transaction.
 */
import { statement, type Db } from '../platform/db.ts';
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
export function recordTicketEventInChange(db: Db, event: TicketEventInput): void {
  const text = (value: string | number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));
  statement(
    db,
    // The ticket's level at the time is kept with the event (insights count per level).
    `INSERT INTO ticket_events (ticket_id, actor_id, type, from_value, to_value, detail, created_at, version, level)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT level FROM tickets WHERE id = ?))`,
  ).run(event.ticketId, event.actorId, event.type, text(event.from), text(event.to), event.detail ?? null, event.at, event.version, event.ticketId);
  // The staff notifications the event causes, in the same transaction.
  notifyForEventInChange(db, event);
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
export function writeMessageInChange(db: Db, message: TicketMessageInput): void {
  statement(db, 'INSERT INTO ticket_messages (ticket_id, kind, author_id, body, created_at, version) VALUES (?, ?, ?, ?, ?, ?)').run(
    message.ticketId,
    message.kind,
    message.authorId,
    message.body,
    message.at,
    message.version,
  );
}
