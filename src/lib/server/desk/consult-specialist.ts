/**
 * `consultSpecialist`: second level asks the specialists of a subject area for advice (the
 * area defaults to the ticket's category). The ticket stays with its level-2 owner at level 2,
 * who can go on replying to the customer; the specialists of the area find it in their area
 * view. Records a `consulted` event (to: the area; detail: the question).
 *
 * Rules: only on a ticket in progress at level 2 of a three-level desk (in two-level mode
 * second level has the areas itself); only one current consultation per ticket.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { effectiveLevel } from './desk-config.ts';
import { getCurrentConsultation } from './consultation-state.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, requireText } from './text-input.ts';
import type { Ticket } from './types.ts';
import { isOpenStatus } from './vocabulary.ts';

/** What `consultSpecialist` is given. */
export interface ConsultSpecialistOptions extends StaffCommandOptions {
  question: string;
  /** The subject area (a category key); empty: the ticket's category. */
  area?: string | null;
  /** The known subject areas (category keys); when given, the area must be one of them. */
  areas?: readonly string[];
}

/** Asks the specialists of the area for advice. Throws DeskError 'invalid' when that is not possible. */
export async function consultSpecialist(database: Database, options: ConsultSpecialistOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const question = requireText(options.question, 'consultQuestion', MAX_REASON);
  const wanted = typeof options.area === 'string' ? options.area.trim() : '';
  if (wanted && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(wanted)) {
    throw new DeskError('invalid', 'org.error.consult.area', { message: 'Please choose a subject area from the list.' });
  }
  return staffChange(database, { ticketId, actor, action: 'consult', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    if (config.levels !== 3) throw new DeskError('invalid', 'org.error.consult.twoLevels', { message: 'This desk runs two levels: second level has the subject areas itself.' });
    if (effectiveLevel(row.level, config.levels) !== 2) {
      throw new DeskError('invalid', 'org.error.consult.level', { values: { reference: row.reference }, message: `Only level-2 tickets are consulted on; ${row.reference} is at level ${row.level}.` });
    }
    if (!isOpenStatus(row.status))
      throw new DeskError('invalid', 'org.error.consult.notInProgress', { values: { reference: row.reference }, message: `${row.reference} is not in progress.` });
    if (await getCurrentConsultation(trx, row.id))
      throw new DeskError('invalid', 'org.error.consult.current', { values: { reference: row.reference }, message: `${row.reference} already waits for advice.` });
    if (wanted && wanted !== row.category && options.areas && !options.areas.includes(wanted)) {
      throw new DeskError('invalid', 'org.error.consult.area', { message: 'Please choose a subject area from the list.' });
    }
    const area = wanted || row.category;
    await trx.insertInto('ticket_consultations').values({ ticket_id: row.id, area, question, asked_by: actor.id, asked_at: now }).execute();
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'consulted', to: area, detail: question, version, at: now });
  });
}
