/**
 * `acceptAdvice`: second level takes the specialist's advice, which ends the consultation
 * (`advised` → `accepted`, an `advice_accepted` event). What to tell the customer is then
 * second level's reply, as always; a new question is a new consultation.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { getCurrentConsultation, moveConsultationInChange } from './consultation-state.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import type { Ticket } from './types.ts';

/** Accepts the advice of the ticket's current consultation. Throws DeskError 'invalid' when there is none yet. */
export async function acceptAdvice(database: Database, options: StaffCommandOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  return staffChange(database, { ticketId, actor, action: 'acceptAdvice', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    const consultation = await getCurrentConsultation(trx, row.id);
    if (!consultation || consultation.status !== 'advised') {
      throw new DeskError('invalid', 'org.error.accept.none', { values: { reference: row.reference }, message: `${row.reference} has no advice to accept.` });
    }
    await moveConsultationInChange(trx, consultation, 'accepted', { actorId: actor.id, at: now });
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'advice_accepted', to: consultation.area, version, at: now });
  });
}
