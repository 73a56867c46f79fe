/**
 * Passing a ticket between people by hand: `assignToColleague` gives it to a named colleague
 * of the ticket's level (specialists: of its subject area), with a reason in the timeline;
 * `releaseTicket` puts an away agent's ticket back into its level's queue (second level and
 * admins, on tickets of every level), where the distribution picks it up. Taking a ticket from a colleague is `takeTicket`.
 * Rules: only tickets in progress; never to a disabled account or someone of another level;
 * every change is one version with an `assigned` event naming the reason.
 */
import type { Database } from '../platform/database/connect.ts';
import { sql } from 'kysely';
import { queryOf, type Queryable } from '../platform/database/write-transaction.ts';
import { assignInChange } from './assignment.ts';
import { effectiveLevel } from './desk-config.ts';
import { DeskError } from './errors.ts';
import { assertInProgress } from './lifecycle.ts';
import { unassignInChange } from './move-to-level.ts';
import { setAssigneeInChange } from './set-assignee.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, optionalText, requireText } from './text-input.ts';
import type { Ticket } from './types.ts';
import { LEVEL_ROLES } from './vocabulary.ts';

/** What `assignToColleague` is given. */
export interface AssignToColleagueOptions extends StaffCommandOptions {
  colleagueId: number;
  reason: string;
}

/** A colleague who could work on a ticket: for the form's choice and the check. */
export interface Colleague {
  id: number;
  name: string;
  present: boolean;
}

/**
 * The enabled colleagues who may work on a ticket of this level and category (specialists:
 * with the category among their areas), by name; the form offers these.
 */
export async function colleaguesFor(db: Queryable, ticket: { level: 1 | 2 | 3; category: string }, levels: 2 | 3): Promise<Colleague[]> {
  const level = effectiveLevel(ticket.level, levels);
  let query = queryOf(db).selectFrom('users as u').select(['u.id', 'u.name', 'u.present']).where('u.role', '=', LEVEL_ROLES[level]).where('u.disabled', '=', 0);
  if (level === 3) {
    query = query.where((eb) => eb.exists(eb.selectFrom('user_areas as a').select('a.user_id').whereRef('a.user_id', '=', 'u.id').where('a.category', '=', ticket.category)));
  }
  // By name, case-insensitively on both engines.
  const rows = await query
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, present: row.present === 1 }));
}

/** Assigns the ticket to a named colleague of its level, with the reason as the event's detail. */
export async function assignToColleague(database: Database, options: AssignToColleagueOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, colleagueId, now = Date.now() } = options;
  const reason = requireText(options.reason, 'assignReason', MAX_REASON);
  return staffChange(database, { ticketId, actor, action: 'assign', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    assertInProgress(row, 'assign');
    if (!(await colleaguesFor(trx, row, config.levels)).some((colleague) => colleague.id === colleagueId)) {
      throw new DeskError('invalid', 'desk.error.colleague', {
        values: { reference: row.reference },
        message: `User ${colleagueId} cannot work on ${row.reference} (not an enabled agent of its level or subject area).`,
      });
    }
    if (row.assignee_id === colleagueId) return false;
    await setAssigneeInChange(trx, row.id, { from: row.assignee_id, to: colleagueId, actorId: actor.id, detail: reason, version, at: now });
  });
}

/** What `releaseTicket` is given. */
export interface ReleaseTicketOptions extends StaffCommandOptions {
  /** Why; optional ("assignee away" is recorded without one). */
  reason?: string;
  /** Picks among equally loaded colleagues; injectable for tests. */
  random?: () => number;
}

/**
 * Puts the ticket of an away (or disabled) assignee back into its level's queue, from where
 * the distribution hands it to a present colleague with room at once (else it waits there).
 */
export async function releaseTicket(database: Database, options: ReleaseTicketOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reason = optionalText(options.reason, 'assignReason', MAX_REASON);
  return staffChange(database, { ticketId, actor, action: 'release', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    assertInProgress(row, 'release');
    const assignee = row.assignee_id === null ? undefined : await trx.selectFrom('users').select(['present', 'disabled']).where('id', '=', row.assignee_id).executeTakeFirst();
    if (!assignee || (assignee.present === 1 && assignee.disabled === 0)) {
      throw new DeskError('invalid', 'desk.error.notAway', {
        values: { reference: row.reference },
        message: `${row.reference} is not with an away agent; only an away agent's tickets can be released to the queue.`,
      });
    }
    await unassignInChange(trx, row, { actorId: actor.id, version, at: now, detail: reason ? `released: ${reason}` : 'released: assignee away' });
    // Into the queue, and from there at once to a present colleague with room, if there is one.
    const level = effectiveLevel(row.level, config.levels);
    await assignInChange(
      trx,
      { id: row.id, level, category: row.category, assignee_id: null },
      { actorId: actor.id, version, at: now, random: options.random, levels: config.levels, routing: config },
    );
  });
}
