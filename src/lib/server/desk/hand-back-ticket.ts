/**
 * `handBackTicket`: down one level with guidance, 3 → 2 (the specialist's advice is done) or
 * 2 → 1. It returns to its owner: the agent of that level who escalated it, when present
 * and enabled; when the owner is away it waits in that level's queue. Without an owner (an
 * admin escalated it) it goes to the previous assignee of that level when present, else by
 * the usual rule (or the queue). Every outcome is an event in the timeline.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { assignInChange } from './assignment.ts';
import { effectiveLevel } from './desk-config.ts';
import { DeskError } from './errors.ts';
import { assignedUserId } from './events.ts';
import { assertInProgress } from './lifecycle.ts';
import { moveToLevelInChange } from './move-to-level.ts';
import { setAssigneeInChange } from './set-assignee.ts';
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
export async function handBackTicket(database: Database, options: HandBackTicketOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now(), random = Math.random } = options;
  const guidance = requireText(options.guidance, 'guidance', MAX_REASON);
  return staffChange(database, { ticketId, actor, action: 'handBack', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    if (row.level === 1)
      throw new DeskError('invalid', 'desk.error.lowestLevel', {
        values: { reference: row.reference },
        message: `${row.reference} is at level 1; there is no lower level to hand it back to.`,
      });
    assertInProgress(row, 'handBack');
    const to = (effectiveLevel(row.level, config.levels) - 1) as Level;
    await moveToLevelInChange(trx, row, to, { actorId: actor.id, version, at: now, type: 'handed_back', unassigned: 'handed back', detail: guidance });
    // The owner: the agent of that level who escalated it. Back to them when present, else
    // into the queue (they or a colleague take it from there).
    const owner = await trx
      .selectFrom('ticket_events as e')
      .innerJoin('users as u', 'u.id', 'e.actor_id')
      .select(['u.id', 'u.present', 'u.disabled'])
      .where('e.ticket_id', '=', row.id)
      .where('e.type', '=', 'escalated')
      .where('e.from_value', '=', String(to))
      .where('u.role', '=', LEVEL_ROLES[to])
      .orderBy('e.version', 'desc')
      .orderBy('e.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (owner) {
      if (owner.present === 1 && owner.disabled === 0) {
        await setAssigneeInChange(trx, row.id, { from: null, to: owner.id, actorId: actor.id, detail: 'back to the agent who escalated it', version, at: now });
      }
      // Owner away: the ticket stays in the queue (the "handed back" event above shows it).
      return;
    }
    // Nobody of that level escalated it (e.g. an admin did): the most recent assignee of that
    // level gets it back, if they can work on it now, else the usual rule.
    const previous = await previousAssignee(trx, row.id, LEVEL_ROLES[to]);
    if (previous && previous.present === 1 && previous.disabled === 0) {
      await setAssigneeInChange(trx, row.id, { from: null, to: previous.id, actorId: actor.id, detail: 'back to the previous assignee', version, at: now });
    } else {
      await assignInChange(
        trx,
        { id: row.id, level: to, category: row.category, assignee_id: null },
        { actorId: actor.id, version, at: now, random, levels: config.levels, routing: config },
      );
    }
  });
}

/** The ticket's most recent assignee of `role` (assignment events hold the user id as text). */
async function previousAssignee(trx: Trx, ticketId: number, role: string): Promise<{ id: number; present: number; disabled: number } | undefined> {
  const events = await trx
    .selectFrom('ticket_events')
    .select('to_value')
    .where('ticket_id', '=', ticketId)
    .where('type', '=', 'assigned')
    .where('to_value', 'is not', null)
    .orderBy('version', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const ids = [...new Set(events.map((event) => assignedUserId(event.to_value)).filter((id) => id !== null))];
  if (ids.length === 0) return undefined;
  const users = await trx.selectFrom('users').select(['id', 'present', 'disabled']).where('id', 'in', ids).where('role', '=', role).execute();
  const byId = new Map(users.map((user) => [user.id, user]));
  for (const id of ids) {
    const user = byId.get(id);
    if (user) return user;
  }
  return undefined;
}
