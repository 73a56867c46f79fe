/**
 * `adviseConsultation`: a specialist of the consultation's subject area answers it with
 * advice: an internal note (shown as specialist advice, never to the customer) and an
 * `advice` event, which notifies the ticket's owner ("advice arrived"). The consultation
 * becomes `advised`; the ticket keeps its owner and level.
 *
 * Rules: only on a current consultation that is still `open`, only by a specialist of its
 * area (or an admin), only while the ticket is in progress.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { getCurrentConsultation, moveConsultationInChange } from './consultation-state.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange, writeMessageInChange } from './events.ts';
import { canAdviseArea } from './permissions.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_BODY, requireText } from './text-input.ts';
import type { Ticket } from './types.ts';
import { isOpenStatus } from './vocabulary.ts';

/** What `adviseConsultation` is given. */
export interface AdviseConsultationOptions extends StaffCommandOptions {
  advice: string;
}

/** Answers the ticket's open consultation with advice. */
export async function adviseConsultation(database: Database, options: AdviseConsultationOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const advice = requireText(options.advice, 'advice', MAX_BODY);
  return staffChange(database, { ticketId, actor, action: 'advise', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    const consultation = await getCurrentConsultation(trx, row.id);
    if (!consultation || consultation.status !== 'open') {
      throw new DeskError('invalid', 'org.error.advise.none', { values: { reference: row.reference }, message: `${row.reference} has no consultation waiting for advice.` });
    }
    if (!canAdviseArea(actor, consultation.area, config.levels)) {
      throw new DeskError('forbidden', 'desk.error.reach.area', { values: { category: consultation.area }, message: `This consultation's subject area "${consultation.area}" is not one of your subject areas.` });
    }
    if (!isOpenStatus(row.status))
      throw new DeskError('invalid', 'org.error.consult.notInProgress', { values: { reference: row.reference }, message: `${row.reference} is not in progress.` });
    await moveConsultationInChange(trx, consultation, 'advised', { actorId: actor.id, at: now });
    await writeMessageInChange(trx, { ticketId: row.id, kind: 'note', authorId: actor.id, body: advice, version, at: now });
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'advice', to: consultation.area, version, at: now });
  });
}
