/**
 * Which ticket events notify whom (called by `recordTicketEventInChange`, so inside the
 * change's transaction): an assignment notifies the new assignee ("handed back to you" when
 * the same change handed the ticket back, "assigned to you" otherwise); a customer's reply
 * notifies the assignee; a specialist's advice notifies the ticket's owner when it answers a
 * consultation (its assignee, else whoever asked), else the agent who escalated the ticket last. Nobody is notified of their own doing (see notifications/staff-notifications.ts).
 */
import { statement, type Db } from '../platform/db.ts';
import { notifyInChange } from '../notifications/staff-notifications.ts';

/** The fields of a ticket event this needs. */
interface EventForNotice {
  ticketId: number;
  actorId: number | null;
  type: string;
  to?: string | number | null;
  version: number;
  at: number;
}

/** Writes the notifications an event causes, inside the caller's transaction. */
export function notifyForEventInChange(db: Db, event: EventForNotice): void {
  const base = { ticketId: event.ticketId, actorId: event.actorId, at: event.at };
  if (event.type === 'assigned' && event.to !== null && event.to !== undefined && event.to !== '') {
    const handedBack = statement(db, "SELECT 1 FROM ticket_events WHERE ticket_id = ? AND version = ? AND type = 'handed_back'").get(event.ticketId, event.version);
    notifyInChange(db, { ...base, userId: Number(event.to), kind: handedBack ? 'handed_back' : 'assigned' });
  } else if (event.type === 'customer_reply') {
    const row = statement(db, 'SELECT assignee_id FROM tickets WHERE id = ?').get(event.ticketId) as { assignee_id: number | null } | undefined;
    if (row?.assignee_id) notifyInChange(db, { ...base, userId: row.assignee_id, kind: 'customer_reply' });
  } else if (event.type === 'advice') {
    const consulted = statement(
      db,
      "SELECT COALESCE(t.assignee_id, c.asked_by) AS owner FROM ticket_consultations c JOIN tickets t ON t.id = c.ticket_id WHERE c.ticket_id = ? AND c.status = 'advised' AND c.advised_at = ?",
    ).get(event.ticketId, event.at) as { owner: number | null } | undefined;
    if (consulted) {
      if (consulted.owner !== null) notifyInChange(db, { ...base, userId: consulted.owner, kind: 'advice' });
      return;
    }
    const asker = statement(db, "SELECT actor_id FROM ticket_events WHERE ticket_id = ? AND type = 'escalated' AND actor_id IS NOT NULL ORDER BY version DESC, id DESC LIMIT 1").get(event.ticketId) as
      | { actor_id: number }
      | undefined;
    if (asker) notifyInChange(db, { ...base, userId: asker.actor_id, kind: 'advice' });
  }
}
