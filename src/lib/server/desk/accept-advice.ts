/**
 * `acceptAdvice`: second level takes the specialist's advice, which ends the consultation
 * (`advised` → `accepted`, an `advice_accepted` event). What to tell the customer is then
 * second level's reply, as always; a new question is a new consultation.
 */
import type { Db } from '../platform/db.ts';
import { getCurrentConsultation, moveConsultationInChange } from './consultation-state.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import type { Ticket } from './types.ts';

/** Accepts the advice of the ticket's current consultation. Throws DeskError 'invalid' when there is none yet. */
export function acceptAdvice(db: Db, options: StaffCommandOptions): Ticket {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  return staffChange(db, { ticketId, actor, action: 'acceptAdvice', expectedVersion, now, levels: config.levels, routing: config }, (row, version) => {
    const consultation = getCurrentConsultation(db, row.id);
    if (!consultation || consultation.status !== 'advised') {
      throw new DeskError('invalid', 'org.error.accept.none', { values: { reference: row.reference }, message: `${row.reference} has no advice to accept.` });
    }
    moveConsultationInChange(db, consultation, 'accepted', { actorId: actor.id, at: now });
    recordTicketEventInChange(db, { ticketId: row.id, actorId: actor.id, type: 'advice_accepted', to: consultation.area, version, at: now });
  });
}
