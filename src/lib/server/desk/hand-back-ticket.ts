/**
 * `handBackTicket`: down one level with guidance, 3 → 2 (the specialist's advice is done) or
 * 2 → 1. It returns to its owner: the agent of that level who escalated it, when present
 * and enabled; when the owner is away it waits in that level's queue. Without an owner (an
 * admin escalated it) it goes to the previous assignee of that level when present, else by
 * the usual rule (or the queue). Every outcome is an event in the timeline.
 */
import { statement, type Db } from '../platform/db.ts';
import { assignInChange } from './assignment.ts';
import { effectiveLevel } from './desk-config.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { assertInProgress } from './lifecycle.ts';
import { moveToLevelInChange } from './move-to-level.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, requireText } from './text-input.ts';
import type { Ticket } from './types.ts';
import { LEVEL_ROLES, type Level } from './vocabulary.ts';

/** What `handBackTicket` is given. */
export interface HandBackTicketOptions extends StaffCommandOptions {
  guidance: string;
  /** Picks among equally loaded agents; injectable for tests. */
  random?: () => number;
}

/** Hands the ticket back one level, to its previous assignee there when they can take it. */
export function handBackTicket(db: Db, options: HandBackTicketOptions): Ticket {
  const { ticketId, actor, expectedVersion, config, now = Date.now(), random = Math.random } = options;
  const guidance = requireText(options.guidance, 'guidance', MAX_REASON);
  return staffChange(db, { ticketId, actor, action: 'handBack', expectedVersion, now, levels: config.levels, routing: config }, (row, version) => {
    if (row.level === 1) throw new DeskError('invalid', 'desk.error.lowestLevel', { values: { reference: row.reference }, message: `${row.reference} is at level 1; there is no lower level to hand it back to.` });
    assertInProgress(row, 'handBack');
    const to = (effectiveLevel(row.level, config.levels) - 1) as Level;
    moveToLevelInChange(db, row, to, { actorId: actor.id, version, at: now, type: 'handed_back', unassigned: 'handed back', detail: guidance });
    // The owner: the agent of that level who escalated it. Back to them when present, else
    // into the queue (they or a colleague take it from there).
    const owner = statement(
      db,
      `SELECT u.id, u.present, u.disabled FROM ticket_events e JOIN users u ON u.id = e.actor_id
       WHERE e.ticket_id = ? AND e.type = 'escalated' AND e.from_value = ? AND u.role = ?
       ORDER BY e.version DESC, e.id DESC LIMIT 1`,
    ).get(row.id, String(to), LEVEL_ROLES[to]) as { id: number; present: number; disabled: number } | undefined;
    if (owner) {
      if (owner.present === 1 && owner.disabled === 0) {
        statement(db, 'UPDATE tickets SET assignee_id = ? WHERE id = ?').run(owner.id, row.id);
        recordTicketEventInChange(db, { ticketId: row.id, actorId: actor.id, type: 'assigned', from: null, to: owner.id, detail: 'back to the agent who escalated it', version, at: now });
      }
      // Owner away: the ticket stays in the queue (the "handed back" event above shows it).
      return;
    }
    // Nobody of that level escalated it (e.g. an admin did): the most recent assignee of that
    // level gets it back, if they can work on it now, else the usual rule.
    const previous = statement(
      db,
      `SELECT u.id, u.present, u.disabled FROM ticket_events e JOIN users u ON u.id = CAST(e.to_value AS INTEGER)
       WHERE e.ticket_id = ? AND e.type = 'assigned' AND e.to_value IS NOT NULL AND u.role = ?
       ORDER BY e.version DESC, e.id DESC LIMIT 1`,
    ).get(row.id, LEVEL_ROLES[to]) as { id: number; present: number; disabled: number } | undefined;
    if (previous && previous.present === 1 && previous.disabled === 0) {
      statement(db, 'UPDATE tickets SET assignee_id = ? WHERE id = ?').run(previous.id, row.id);
      recordTicketEventInChange(db, { ticketId: row.id, actorId: actor.id, type: 'assigned', from: null, to: previous.id, detail: 'back to the previous assignee', version, at: now });
    } else {
      assignInChange(db, { id: row.id, level: to, category: row.category, assignee_id: null }, { actorId: actor.id, version, at: now, random, levels: config.levels, routing: config });
    }
  });
}
