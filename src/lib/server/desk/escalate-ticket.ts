/**
 * `escalateTicket`: to the next level with a reason, 1 → 2, 2 → 3 (2 is the top in two-level
 * mode). The ticket leaves its assignee and goes to a random present agent of the new level,
 * least loaded first; at level 3 only a specialist for the ticket's category qualifies, and
 * without one present it waits in the level-3 queue (assigned when one becomes present).
 */
import type { Db } from '../platform/db.ts';
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
  /** Picks among equally loaded agents; injectable for tests. */
  random?: () => number;
}

/** Escalates one level up and assigns the ticket there (or leaves it in that level's queue). */
export function escalateTicket(db: Db, options: EscalateTicketOptions): Ticket {
  const { ticketId, actor, expectedVersion, config, now = Date.now(), random = Math.random } = options;
  const reason = requireText(options.reason, 'escalateReason', MAX_REASON);
  return staffChange(db, { ticketId, actor, action: 'escalate', expectedVersion, now, levels: config.levels, routing: config }, (row, version) => {
    if (!canEscalateFrom(row.level, config.levels)) {
      const level = effectiveLevel(row.level, config.levels);
      throw new DeskError('invalid', 'desk.error.topLevel', { values: { reference: row.reference, level }, message: `${row.reference} is already at level ${level}, the highest level.` });
    }
    assertInProgress(row, 'escalate');
    const to = (effectiveLevel(row.level, config.levels) + 1) as Level;
    moveToLevelInChange(db, row, to, { actorId: actor.id, version, at: now, type: 'escalated', unassigned: 'escalated', detail: reason });
    assignInChange(db, { id: row.id, level: to, category: row.category, assignee_id: null }, { actorId: actor.id, version, at: now, random, levels: config.levels, routing: config });
  });
}
