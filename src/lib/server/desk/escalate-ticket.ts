/**
 * `escalateTicket`: to the next level with a reason, 1 → 2, 2 → 3 (2 is the top in two-level
 * mode). The ticket leaves its assignee and goes to a random present agent of the new level,
 * least loaded first; at level 3 only a specialist for the ticket's category qualifies, and
 * without one present it waits in the level-3 queue (assigned when one becomes present).
 * Second level moves a ticket to level 3 only where the desk works that way
 * (`specialistOwnership`); by default it consults a specialist instead and keeps the ticket
 * (consult-specialist.ts). Admins may always move it. The escalating agent may name the subject
 * area (default: the ticket's category); a different one re-categorises the ticket (a
 * `category` event), so that the right specialists and views reach it.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { recordTicketEventInChange } from './events.ts';
import { assignInChange } from './assignment.ts';
import { canEscalateFrom, effectiveLevel } from './desk-config.ts';
import { DeskError } from './errors.ts';
import { assertInProgress } from './lifecycle.ts';
import { moveToLevelInChange } from './move-to-level.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, requireText } from './text-input.ts';
import type { Ticket } from './types.ts';
import type { Level } from './vocabulary.ts';

/** What `escalateTicket` is given. */
export interface EscalateTicketOptions extends StaffCommandOptions {
  reason: string;
  /** The subject area (a category key) the ticket belongs to; empty: keep the category. */
  area?: string | null;
  /** The known subject areas; when given, the area must be one of them. */
  areas?: readonly string[];
  /** Picks among equally loaded agents; injectable for tests. */
  random?: () => number;
}

/** Escalates one level up and assigns the ticket there (or leaves it in that level's queue). */
export async function escalateTicket(database: Database, options: EscalateTicketOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now(), random = Math.random } = options;
  const reason = requireText(options.reason, 'escalateReason', MAX_REASON);
  const area = typeof options.area === 'string' ? options.area.trim() : '';
  if (area && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(area)) {
    throw new DeskError('invalid', 'org.error.consult.area', { message: 'Please choose a subject area from the list.' });
  }
  return staffChange(database, { ticketId, actor, action: 'escalate', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    if (!canEscalateFrom(row.level, config.levels)) {
      const level = effectiveLevel(row.level, config.levels);
      throw new DeskError('invalid', 'desk.error.topLevel', { values: { reference: row.reference, level }, message: `${row.reference} is already at level ${level}, the highest level.` });
    }
    assertInProgress(row, 'escalate');
    const to = (effectiveLevel(row.level, config.levels) + 1) as Level;
    if (to === 3 && actor.role !== 'admin' && !config.specialistOwnership) {
      throw new DeskError('invalid', 'org.error.escalate.consultInstead', { values: { reference: row.reference }, message: 'This desk keeps tickets at second level: consult a specialist instead of moving the ticket to level 3.' });
    }
    if (area && area !== row.category && options.areas && !options.areas.includes(area)) {
      throw new DeskError('invalid', 'org.error.consult.area', { message: 'Please choose a subject area from the list.' });
    }
    if (area && area !== row.category) {
      await trx.updateTable('tickets').set({ category: area }).where('id', '=', row.id).execute();
      await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'category', from: row.category, to: area, version, at: now });
      row.category = area;
    }
    await moveToLevelInChange(trx, row, to, { actorId: actor.id, version, at: now, type: 'escalated', unassigned: 'escalated', detail: reason });
    await assignInChange(
      trx,
      { id: row.id, level: to, category: row.category, assignee_id: null },
      { actorId: actor.id, version, at: now, random, levels: config.levels, routing: config },
    );
  });
}
