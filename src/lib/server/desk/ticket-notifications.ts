/**
 * Which ticket events notify whom (called by `recordTicketEventInChange`, so inside the
 * change's transaction): an assignment notifies the new assignee ("handed back to you" when
 * the same change handed the ticket back, "assigned to you" otherwise); a customer's reply
 * notifies the assignee; a specialist's advice notifies the ticket's owner when it answers a
 * consultation (its assignee, else whoever asked), else the agent who escalated the ticket last;
 * a consultation notifies every enabled specialist of the area asked. Nobody is notified of
 * their own doing (see notifications/staff-notifications.ts).
 */
import type { Trx } from '../platform/database/write-transaction.ts';
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
export async function notifyForEventInChange(trx: Trx, event: EventForNotice): Promise<void> {
  const base = { ticketId: event.ticketId, actorId: event.actorId, at: event.at };
  if (event.type === 'assigned' && event.to !== null && event.to !== undefined && event.to !== '') {
    const handedBack = await trx
      .selectFrom('ticket_events')
      .select('id')
      .where('ticket_id', '=', event.ticketId)
      .where('version', '=', event.version)
      .where('type', '=', 'handed_back')
      .executeTakeFirst();
    await notifyInChange(trx, { ...base, userId: Number(event.to), kind: handedBack ? 'handed_back' : 'assigned' });
  } else if (event.type === 'customer_reply') {
    const row = await trx.selectFrom('tickets').select('assignee_id').where('id', '=', event.ticketId).executeTakeFirst();
    if (row?.assignee_id) await notifyInChange(trx, { ...base, userId: row.assignee_id, kind: 'customer_reply' });
  } else if (event.type === 'consulted' && typeof event.to === 'string' && event.to) {
    const specialists = await trx
      .selectFrom('users as u')
      .innerJoin('user_areas as a', 'a.user_id', 'u.id')
      .select('u.id')
      .where('u.role', '=', 'third_level')
      .where('u.disabled', '=', 0)
      .where('a.category', '=', event.to)
      .orderBy('u.id')
      .execute();
    for (const specialist of specialists) await notifyInChange(trx, { ...base, userId: specialist.id, kind: 'consultation' });
  } else if (event.type === 'advice') {
    const consulted = await trx
      .selectFrom('ticket_consultations as c')
      .innerJoin('tickets as t', 't.id', 'c.ticket_id')
      .select((eb) => eb.fn.coalesce('t.assignee_id', 'c.asked_by').as('owner'))
      .where('c.ticket_id', '=', event.ticketId)
      .where('c.status', '=', 'advised')
      .where('c.advised_at', '=', event.at)
      .executeTakeFirst();
    if (consulted) {
      if (consulted.owner !== null) await notifyInChange(trx, { ...base, userId: consulted.owner, kind: 'advice' });
      return;
    }
    const asker = await trx
      .selectFrom('ticket_events')
      .select('actor_id')
      .where('ticket_id', '=', event.ticketId)
      .where('type', '=', 'escalated')
      .where('actor_id', 'is not', null)
      .orderBy('version', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (asker?.actor_id) await notifyInChange(trx, { ...base, userId: asker.actor_id, kind: 'advice' });
  }
}
