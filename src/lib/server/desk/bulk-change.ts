/**
 * Bulk actions on a view's selection: assign to a colleague, set the priority, add a tag, or
 * solve with a standard answer — one command per ticket, so each ticket gets the same checks
 * (role, reach, state) and the same timeline event as when it is changed on its own.
 *
 * Rules that always hold:
 * - The change itself is checked before any ticket is touched (a valid priority, tag,
 *   colleague and standard answer; 1–100 tickets); bad input writes nothing.
 * - Each ticket is its own transaction, at its current version (the agent chose the tickets
 *   from a list, not a version): a ticket that may not be changed (another level, closed,
 *   solved already …) is reported by reference with its reason and the others go ahead.
 * - Bulk assignments carry the reason "bulk action from a view" (shown in the reader's
 *   language); a bulk solution is the standard answer filled for each ticket.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import { DomainError } from '../errors.ts';
import { levelOfRole, topLevel, type DeskConfig, type DeskLevels } from './desk-config.ts';
import { LEVEL_ROLES } from './vocabulary.ts';
import { DeskError } from './errors.ts';
import { findTemplate } from './answer-templates.ts';
import { pickTemplate } from './template-picker.ts';
import { assignToColleague } from './reassign-ticket.ts';
import { setPriority } from './set-priority.ts';
import { solveTicket } from './solve-ticket.ts';
import { addTicketTag, parseTag } from './ticket-tags.ts';
import { getTicket } from './ticket-lookup.ts';
import type { Actor, Ticket } from './types.ts';
import { isPriority, type Priority } from './vocabulary.ts';

/** At most this many tickets in one bulk action (a view's page). */
export const MAX_BULK = 100;
/** The assignment reason of a bulk assignment (a fixed word, shown translated). */
export const BULK_REASON = 'bulk action from a view';

/** What to do with every selected ticket. */
export type BulkChange = { kind: 'assign'; colleagueId: number } | { kind: 'priority'; priority: Priority } | { kind: 'tag'; tag: string } | { kind: 'solve'; templateId: number };

/** What `applyBulkChange` is given. */
export interface BulkChangeOptions {
  ticketIds: readonly number[];
  actor: Actor & { name: string };
  change: BulkChange;
  config: DeskConfig;
  /** For a solution: the articles a standard answer may link. */
  store: ArticleStore;
  now?: number;
}

/** What happened to each ticket. */
export interface BulkResult {
  changed: string[];
  /** Selected, allowed, but already so (e.g. the priority was already set). */
  unchanged: string[];
  refused: { reference: string; error: DomainError }[];
}

/** Checks the change before any ticket is touched; returns it normalised. */
async function checkChange(database: Database, change: BulkChange): Promise<BulkChange> {
  if (change.kind === 'priority' && !isPriority(change.priority)) {
    throw new DeskError('invalid', 'desk.error.priority', { values: { priority: String(change.priority) }, message: `"${String(change.priority)}" is not a priority.` });
  }
  if (change.kind === 'tag') return { kind: 'tag', tag: parseTag(change.tag) };
  if (change.kind === 'assign' && !(Number.isSafeInteger(change.colleagueId) && change.colleagueId > 0)) {
    throw new DeskError('invalid', 'tags.error.bulkColleague', { message: 'Choose the colleague to assign the tickets to.' });
  }
  if (change.kind === 'solve' && !(await findTemplate(database.kysely, change.templateId))) {
    throw new DeskError('invalid', 'tags.error.bulkTemplate', { message: 'Choose the standard answer to solve the tickets with.' });
  }
  return change;
}

/** Applies one change to every selected ticket (one transaction each). */
export async function applyBulkChange(database: Database, options: BulkChangeOptions): Promise<BulkResult> {
  const { actor, config, store, now = Date.now() } = options;
  const ids = [...new Set(options.ticketIds)];
  if (ids.length === 0) throw new DeskError('invalid', 'tags.error.bulkNone', { message: 'Select at least one ticket.' });
  if (ids.length > MAX_BULK) throw new DeskError('invalid', 'tags.error.bulkMany', { values: { max: MAX_BULK }, message: `At most ${MAX_BULK} tickets at once.` });
  const change = await checkChange(database, options.change);
  const result: BulkResult = { changed: [], unchanged: [], refused: [] };
  for (const id of ids) {
    const ticket = await getTicket(database, id);
    if (!ticket) continue;
    const base = { ticketId: ticket.id, actor, expectedVersion: ticket.version, config, now };
    try {
      const after = await applyOne(database, change, base, ticket, actor.name, store, config);
      (after.version === ticket.version ? result.unchanged : result.changed).push(ticket.reference);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result.refused.push({ reference: ticket.reference, error });
    }
  }
  return result;
}

async function applyOne(
  database: Database,
  change: BulkChange,
  base: { ticketId: number; actor: Actor; expectedVersion: number; config: DeskConfig; now: number },
  ticket: Ticket,
  agentName: string,
  store: ArticleStore,
  config: DeskConfig,
): Promise<Ticket> {
  switch (change.kind) {
    case 'assign':
      return assignToColleague(database, { ...base, colleagueId: change.colleagueId, reason: BULK_REASON });
    case 'priority':
      return setPriority(database, { ...base, priority: change.priority });
    case 'tag':
      return addTicketTag(database, { ...base, tag: change.tag });
    case 'solve': {
      const template = (await findTemplate(database.kysely, change.templateId))!;
      const filled = pickTemplate(template, ticket, agentName, store, config);
      const article = template.articleSlug ? store.get(template.articleSlug) : null;
      // The solution mail links the article for the customer: only a public, validated one.
      const articleSlug = article && article.audience === 'public' && article.status === 'validated' ? template.articleSlug : null;
      return solveTicket(database, { ...base, summary: filled.text, articleSlug });
    }
  }
}

/** A colleague the bulk form offers, with the level they work on. */
export interface BulkColleague {
  id: number;
  name: string;
  level: number;
}

/**
 * The enabled agents the bulk form offers to assign to: those of the agent's own level (all
 * levels for an admin). Whether each ticket may go to them is checked per ticket.
 */
export async function listBulkColleagues(database: Database, agent: Pick<Actor, 'role'>, levels: DeskLevels): Promise<BulkColleague[]> {
  const own = levelOfRole(agent.role, levels);
  const reachable = agent.role === 'admin' ? ([1, 2, 3] as const).filter((level) => level <= topLevel(levels)) : own === null ? [] : [own];
  const colleagues: BulkColleague[] = [];
  for (const level of reachable) {
    const rows = await database.kysely
      .selectFrom('users')
      .select(['id', 'name'])
      .where('role', '=', LEVEL_ROLES[level])
      .where('disabled', '=', 0)
      .orderBy(sql`lower(name)`)
      .orderBy('id')
      .execute();
    colleagues.push(...rows.map((row) => ({ ...row, level })));
  }
  return colleagues;
}
