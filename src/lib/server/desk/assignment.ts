/**
 * Who works on a ticket. The support model: a ticket of a level goes to a present agent of
 * that level by the fair distribution (`distribution.ts`: capacity, trainees, language,
 * least loaded first, random among equals); specialists (level 3) only get tickets of their
 * subject areas. With nobody fitting, the ticket waits unassigned in the level's queue until
 * someone becomes present (or takes it). On PostgreSQL, choosing and writing an assignee is
 * serialised across instances (`lockKey 'desk assignment'`), so two instances never both fill
 * an agent's last free place.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { levelOfRole, topLevel, type DeskLevels } from './desk-config.ts';
import { chooseAgent, criteriaOfTicket, DEFAULT_ROUTING, rebalanceInChange, type RoutingCriteria, type RoutingSettings } from './distribution.ts';
import { DeskError } from './errors.ts';
import { setAssigneeInChange } from './set-assignee.ts';
import { loadRowForUpdate } from './ticket-row.ts';
import { isOpenStatus, OPEN_STATUSES_SQL, priorityRankSql, type Level, type TicketStatus } from './vocabulary.ts';

/** Highest priority first, so that a returning agent gets the urgent tickets first. */
const PRIORITY_RANK_SQL = priorityRankSql('priority');

/**
 * Picks the agent for a ticket of `level` by the distribution's rules (`distribution.ts`):
 * present, enabled agents of the level's role (level 3: of the ticket's area), below
 * capacity, no trainee for urgent or overdue tickets while others are present, the
 * customer's language first, then the fewest open tickets, at random among equals.
 * Returns the user id, or null when nobody fits. `random` is injectable for tests.
 */
export async function pickAssignee(trx: Trx, criteria: RoutingCriteria, random: () => number = Math.random): Promise<number | null> {
  return chooseAgent(trx, criteria, random);
}

interface AssignableRow {
  id: number;
  reference: string;
  level: Level;
  category: string;
  status: TicketStatus;
  assignee_id: number | null;
  version: number;
}

/**
 * Assigns a ticket as part of a change whose version the caller has already decided (and
 * bumps itself): sets the assignee chosen by `pickAssignee` and writes an `assigned` event
 * (from the previous assignee id to the new one). Leaves the ticket alone and returns null
 * when nobody fits. For the desk's commands; everyone else calls `assignTicket`.
 */
export async function assignInChange(
  trx: Trx,
  ticket: { id: number; level: Level; category: string; assignee_id: number | null },
  change: { actorId: number | null; version: number; at: number; detail?: string; random?: () => number; levels?: DeskLevels; routing?: RoutingSettings },
): Promise<number | null> {
  // The ticket's own criteria first: only reading the agents' loads needs the lock (held until commit).
  const criteria = await criteriaOfTicket(trx, ticket.id, ticket.level, change.at, change.levels ?? 3, change.routing ?? DEFAULT_ROUTING);
  await lockKey(trx, 'desk assignment');
  const assignee = await pickAssignee(trx, criteria, change.random);
  if (assignee === null) return null;
  await setAssigneeInChange(trx, ticket.id, { from: ticket.assignee_id, to: assignee, actorId: change.actorId, detail: change.detail ?? 'automatic', version: change.version, at: change.at });
  return assignee;
}

/** What `assignTicket` is given. */
export interface AssignTicketOptions {
  ticketId: number;
  /** Who assigns; null for the system. */
  actorId: number | null;
  now?: number;
  random?: () => number;
  levels?: DeskLevels;
  /** Capacity and the trainee rule (default: the desk defaults). */
  routing?: RoutingSettings;
}

/**
 * Assigns an unassigned ticket by the rule (random present agent of its level, least
 * loaded first) in one transaction: bumps the version, writes an `assigned` event. Returns
 * the assignee; an already assigned ticket keeps its assignee (returned unchanged); returns
 * null, changing nothing, when nobody fits or the ticket is solved or closed.
 */
export async function assignTicket(database: Database, options: AssignTicketOptions): Promise<number | null> {
  const { ticketId, actorId, now = Date.now(), random = Math.random, levels, routing } = options;
  return writeTransaction(database, async (trx): Promise<number | null> => {
    const ticket = (await loadRowForUpdate(trx, ticketId)) as AssignableRow | undefined;
    if (!ticket) throw new DeskError('not_found', 'desk.error.ticketId', { values: { id: ticketId }, message: `There is no ticket with id ${ticketId}.` });
    if (ticket.assignee_id !== null) return ticket.assignee_id;
    if (!isOpenStatus(ticket.status)) return null;
    const version = ticket.version + 1;
    const assignee = await assignInChange(trx, ticket, { actorId, version, at: now, random, levels, routing });
    if (assignee !== null) await trx.updateTable('tickets').set({ version, updated_at: now }).where('id', '=', ticket.id).execute();
    return assignee;
  });
}

/** A ticket handed out from a waiting queue. */
export interface QueueAssignment {
  ticketId: number;
  reference: string;
  assigneeId: number;
}

/**
 * Hands out the tickets waiting unassigned at `level` (level 3: only those of `areasOf`'s
 * areas when given), most urgent and oldest first, each by the usual rule among all present
 * agents: until nobody fitting has room. Each ticket handed out is its own change (version
 * bump, `assigned` event "from the waiting queue"). Called when someone becomes present and
 * whenever a change frees room (a ticket solved, escalated, handed back, passed on).
 */
export async function handOutWaitingInChange(
  trx: Trx,
  level: Level,
  change: { now: number; random?: () => number; levels: DeskLevels; routing?: RoutingSettings; areasOf?: number },
): Promise<QueueAssignment[]> {
  const { now, random = Math.random, levels, routing = DEFAULT_ROUTING } = change;
  const areaFilter = level === 3 && change.areasOf !== undefined ? sql`AND category IN (SELECT category FROM user_areas WHERE user_id = ${change.areasOf})` : sql``;
  const { rows: waiting } = await sql<AssignableRow>`
    SELECT id, reference, level, category, status, assignee_id, version FROM tickets
    WHERE level BETWEEN ${level} AND ${level === topLevel(levels) ? 3 : level} AND assignee_id IS NULL AND status IN ${sql.raw(OPEN_STATUSES_SQL)} ${areaFilter}
    ORDER BY ${sql.raw(PRIORITY_RANK_SQL)}, created_at, id`.execute(trx);
  const assigned: QueueAssignment[] = [];
  for (const ticket of waiting) {
    const version = ticket.version + 1;
    // A level-3 ticket left from a three-level time is handed out at level 2 in two-level mode.
    const assignee = await assignInChange(
      trx,
      { ...ticket, level: Math.min(ticket.level, topLevel(levels)) as Level },
      { actorId: null, version, at: now, random, detail: 'from the waiting queue', levels, routing },
    );
    if (assignee === null) continue;
    await trx.updateTable('tickets').set({ version, updated_at: now }).where('id', '=', ticket.id).execute();
    assigned.push({ ticketId: ticket.id, reference: ticket.reference, assigneeId: assignee });
  }
  return assigned;
}

/** What `setPresence` is given. */
export interface SetPresenceOptions {
  userId: number;
  present: boolean;
  now?: number;
  random?: () => number;
  /** The desk's DESK_LEVELS (default 3). */
  levels?: DeskLevels;
  /** Capacity and the trainee rule (default: the desk defaults). */
  routing?: RoutingSettings;
}

/**
 * Marks an agent present or away. Going away changes no ticket (their tickets stay theirs;
 * colleagues can take them; second level or an admin can release them to the queue).
 * Becoming present hands out the tickets waiting unassigned in the agent's level (level 3:
 * only those of the agent's areas), most urgent and oldest first, each by the usual rule
 * among all present agents (round-robin, least loaded first, up to capacity), and then moves
 * the agent a fair share of colleagues' unstarted tickets (`rebalanceInChange`). Returns the
 * tickets assigned or moved.
 */
export async function setPresence(database: Database, options: SetPresenceOptions): Promise<QueueAssignment[]> {
  const { userId, present, now = Date.now(), random = Math.random, levels = 3, routing = DEFAULT_ROUTING } = options;
  return writeTransaction(database, async (trx): Promise<QueueAssignment[]> => {
    const user = await trx.selectFrom('users').select(['id', 'role', 'disabled', 'trainee', 'languages']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw new DeskError('not_found', 'desk.error.userId', { values: { id: userId }, message: `There is no user with id ${userId}.` });
    await trx
      .updateTable('users')
      .set({ present: present ? 1 : 0 })
      .where('id', '=', userId)
      .execute();
    const own = levelOfRole(user.role as Parameters<typeof levelOfRole>[0], levels);
    const level = own === null ? null : (String(own) as `${Level}`);
    if (!present || user.disabled || level === null) return [];
    // Handing out and rebalancing read the agents' loads: one instance at a time.
    await lockKey(trx, 'desk assignment');
    const assigned = await handOutWaitingInChange(trx, Number(level) as Level, { now, random, levels, routing, areasOf: userId });
    for (const move of await rebalanceInChange(trx, user, Number(level) as Level, { now, levels, routing })) {
      assigned.push({ ticketId: move.ticketId, reference: move.reference, assigneeId: move.to });
    }
    return assigned;
  });
}
