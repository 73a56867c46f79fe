/**
 * Fair distribution: which present agent a ticket goes to, and the share of the unstarted
 * backlog a newly present agent receives. Rules that always hold:
 * - only present, enabled agents of the ticket's level (level 3: with the ticket's category
 *   among their subject areas; in two-level mode second level of the area first);
 * - nobody is given a ticket that would take them above the capacity (`agentCapacity` open
 *   tickets: new, open, waiting);
 * - trainees get no urgent or overdue ticket while anyone else of the level is present
 *   (unless `traineeUrgent`);
 * - an agent who speaks the customer's language comes first, when one is present;
 * - then the least loaded, at random among equals (`random` injectable), which hands a
 *   stream of tickets out round-robin.
 * Only reads and writes inside the caller's transaction; never bumps a version itself
 * except in `rebalanceInChange`, which moves whole tickets (one change each).
 */
import { sql } from 'kysely';
import type { Trx } from '../platform/database/write-transaction.ts';
import { areaLevel, DEFAULT_DESK_CONFIG, type DeskLevels } from './desk-config.ts';
import { recordTicketEventInChange } from './events.ts';
import { LEVEL_ROLES, OPEN_STATUSES_SQL, type Level, type Priority } from './vocabulary.ts';

/** The distribution's settings (from the desk config). */
export interface RoutingSettings {
  agentCapacity: number;
  traineeUrgent: boolean;
}

/** The defaults: capacity 10, trainees get no urgent or overdue tickets while others are present. */
export const DEFAULT_ROUTING: RoutingSettings = { agentCapacity: DEFAULT_DESK_CONFIG.agentCapacity, traineeUrgent: DEFAULT_DESK_CONFIG.traineeUrgent };

/** What a ticket needs from an agent. */
export interface RoutingCriteria {
  level: Level;
  category?: string;
  levels?: DeskLevels;
  /** The customer's language; agents who speak it come first. */
  lang?: string;
  priority?: Priority;
  /** The first response is overdue. */
  overdue?: boolean;
  routing?: RoutingSettings;
}

/** One present agent who could take a ticket. */
interface Candidate {
  id: number;
  load: number;
  trainee: number;
  /** Two-level mode: the ticket's category is one of their areas. */
  fits: number;
  speaks: number;
}

/** SQL: the number of open tickets of user `u`. */
export const LOAD_SQL = `(SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = u.id AND t.status IN ${OPEN_STATUSES_SQL})`;

/** The present, enabled agents of the level (level 3: of the area), with their load; no capacity filter. */
async function presentAgents(trx: Trx, criteria: RoutingCriteria): Promise<Candidate[]> {
  const role = LEVEL_ROLES[criteria.level];
  const levels = criteria.levels ?? 3;
  const category = criteria.category ?? '';
  const lang = criteria.lang ?? '';
  const inArea = sql`EXISTS (SELECT 1 FROM user_areas a WHERE a.user_id = u.id AND a.category = ${category})`;
  const areaOnly = criteria.level === 3 && levels === 3 ? sql`AND ${inArea}` : sql``;
  // 1/0, not a boolean: PostgreSQL would answer true/false.
  const fits = levels === 2 && criteria.level === areaLevel(levels) ? sql`CASE WHEN ${inArea} THEN 1 ELSE 0 END` : sql`0`;
  const { rows } = await sql<Candidate>`
    SELECT u.id, ${sql.raw(LOAD_SQL)} AS load, u.trainee, ${fits} AS fits,
           CASE WHEN (',' || u.languages || ',') LIKE ('%,' || ${lang} || ',%') THEN 1 ELSE 0 END AS speaks
    FROM users u
    WHERE u.role = ${role} AND u.present = 1 AND u.disabled = 0 ${areaOnly}
    ORDER BY u.id`.execute(trx);
  return rows.map((row) => ({ ...row, load: Number(row.load), fits: Number(row.fits), speaks: Number(row.speaks) }));
}

/** Keeps the candidates with the best value of `key` (highest first) when any has it. */
function preferring(candidates: Candidate[], key: 'fits' | 'speaks'): Candidate[] {
  const best = candidates.filter((candidate) => candidate[key] === 1);
  return best.length > 0 ? best : candidates;
}

/**
 * The agent for a ticket by the rules above, or null when nobody present fits (or everyone
 * who fits is at capacity): the ticket then waits in its level's queue.
 */
export async function chooseAgent(trx: Trx, criteria: RoutingCriteria, random: () => number = Math.random): Promise<number | null> {
  if (!LEVEL_ROLES[criteria.level]) return null;
  if (criteria.level === 3 && (criteria.levels ?? 3) === 3 && !criteria.category) return null;
  const routing = criteria.routing ?? DEFAULT_ROUTING;
  const present = await presentAgents(trx, criteria);
  let candidates = present;
  // Trainees: not urgent or overdue while someone else of the level is present.
  if (!routing.traineeUrgent && (criteria.priority === 'urgent' || criteria.overdue) && present.some((agent) => agent.trainee === 0)) {
    candidates = candidates.filter((agent) => agent.trainee === 0);
  }
  candidates = candidates.filter((agent) => agent.load < routing.agentCapacity);
  candidates = preferring(candidates, 'fits');
  if (criteria.lang) candidates = preferring(candidates, 'speaks');
  if (candidates.length === 0) return null;
  const least = Math.min(...candidates.map((agent) => agent.load));
  const equals = candidates.filter((agent) => agent.load === least);
  // Clamp: a random function returning exactly 1 (or a bad stub) must not pick past the end.
  return equals[Math.min(equals.length - 1, Math.max(0, Math.floor(random() * equals.length)))].id;
}

/** What the distribution reads from a ticket. */
interface RoutableRow {
  category: string;
  lang: string;
  priority: Priority;
  first_response_due: number;
  first_response_at: number | null;
}

/** The routing criteria of a stored ticket at `level` (overdue as of `now`). */
export async function criteriaOfTicket(trx: Trx, ticketId: number, level: Level, now: number, levels: DeskLevels, routing: RoutingSettings): Promise<RoutingCriteria> {
  const row = (await trx
    .selectFrom('tickets')
    .select(['category', 'lang', 'priority', 'first_response_due', 'first_response_at'])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow()) as RoutableRow;
  return {
    level,
    category: row.category,
    levels,
    lang: row.lang,
    priority: row.priority,
    overdue: row.first_response_at === null && row.first_response_due < now,
    // A config object from before these settings (e.g. a test's literal) gets the defaults.
    routing: { agentCapacity: routing.agentCapacity ?? DEFAULT_ROUTING.agentCapacity, traineeUrgent: routing.traineeUrgent ?? DEFAULT_ROUTING.traineeUrgent },
  };
}

/** A ticket moved to a newly present agent. */
export interface Rebalanced {
  ticketId: number;
  reference: string;
  from: number;
  to: number;
}

/**
 * Gives a newly present agent a share of the unstarted backlog of their level: while a
 * present colleague has at least two open tickets more than the agent, the colleague's
 * newest unstarted ticket (status new, no first response) that the agent may take (same
 * level and area, their language or the colleague does not speak it either, no urgent or
 * overdue one for a trainee unless `traineeUrgent`) moves to the agent, up to capacity.
 * Each move is its own change: version bump and an `assigned` event "rebalanced".
 */
export async function rebalanceInChange(
  trx: Trx,
  agent: { id: number; role: string; trainee: number; languages: string },
  level: Level,
  change: { now: number; levels: DeskLevels; routing: RoutingSettings },
): Promise<Rebalanced[]> {
  const moved: Rebalanced[] = [];
  const speaks = agent.languages.split(',');
  const maxLevel = level === change.levels ? 3 : level;
  const areaFilter = level === 3 && change.levels === 3 ? sql`AND t.category IN (SELECT category FROM user_areas WHERE user_id = ${agent.id})` : sql``;
  for (let guard = 0; guard < change.routing.agentCapacity; guard++) {
    const { rows: ownRows } = await sql<{ load: number }>`SELECT ${sql.raw(LOAD_SQL)} AS load FROM users u WHERE u.id = ${agent.id}`.execute(trx);
    const own = Number(ownRows[0]?.load ?? 0);
    if (own >= change.routing.agentCapacity) break;
    const { rows } = await sql<{
      id: number;
      reference: string;
      assignee_id: number;
      lang: string;
      priority: Priority;
      first_response_due: number;
      version: number;
      load: number;
      donor_speaks: number;
    }>`SELECT t.id, t.reference, t.assignee_id, t.lang, t.priority, t.first_response_due, t.version, ${sql.raw(LOAD_SQL)} AS load,
              CASE WHEN (',' || u.languages || ',') LIKE ('%,' || t.lang || ',%') THEN 1 ELSE 0 END AS donor_speaks
       FROM tickets t JOIN users u ON u.id = t.assignee_id
       WHERE u.role = ${agent.role} AND u.present = 1 AND u.id <> ${agent.id}
         AND t.level BETWEEN ${level} AND ${maxLevel} AND t.status = 'new' AND t.first_response_at IS NULL ${areaFilter}
       ORDER BY load DESC, t.created_at DESC, t.id DESC`.execute(trx);
    const tickets = rows.map((row) => ({ ...row, load: Number(row.load), donor_speaks: Number(row.donor_speaks) }));
    const pick = tickets.find((ticket) => {
      if (ticket.load < own + 2) return false;
      if (!speaks.includes(ticket.lang) && ticket.donor_speaks === 1) return false;
      const demanding = ticket.priority === 'urgent' || ticket.first_response_due < change.now;
      return !(agent.trainee === 1 && demanding && !change.routing.traineeUrgent);
    });
    if (!pick) break;
    const version = pick.version + 1;
    await trx.updateTable('tickets').set({ assignee_id: agent.id, version, updated_at: change.now }).where('id', '=', pick.id).execute();
    await recordTicketEventInChange(trx, {
      ticketId: pick.id,
      actorId: null,
      type: 'assigned',
      from: pick.assignee_id,
      to: agent.id,
      detail: 'rebalanced',
      version,
      at: change.now,
    });
    moved.push({ ticketId: pick.id, reference: pick.reference, from: pick.assignee_id, to: agent.id });
  }
  return moved;
}
