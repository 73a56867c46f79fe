/**
 * Desk views: the named ticket lists of the staff navigation (My open tickets, Unassigned in
 * my level, Overdue, Waiting on customer, Recently solved, and a specialist's subject areas),
 * their counts, and the sortable, paginated list behind each.
 *
 * Rules that always hold:
 * - A view never shows a ticket outside the agent's reach: agents see their own level (a
 *   level-3 ticket counts as level 2 in two-level mode), specialists only their areas; admins
 *   see every level. A specialist's area view also holds the level-2 tickets that wait for
 *   that area's advice (consultations), which they answer without taking them. "My open
 *   tickets" is the exception: what is assigned to you is yours.
 * - Everything a view takes comes from plain GET parameters (`parseViewQuery`: q, priority,
 *   category, tag, sort, dir, page), so every list
 *   is a link that works without JavaScript; unknown values fall back to the defaults.
 * - Sorting is by a whitelisted column only (never SQL from the request); ties break by id.
 */
import { statement, type Db } from '../platform/db.ts';
import { effectiveLevel, levelOfRole, topLevel, type DeskLevels } from './desk-config.ts';
import { PRIORITIES, type Level, type Priority } from './vocabulary.ts';
import type { Role } from '../accounts/roles.ts';
import { OVERDUE_SQL } from './due-times.ts';
import { isOverdue } from './queues.ts';
import { toTicket, type TicketRow } from './ticket-row.ts';
import { type QueueTicket } from './types.ts';
import { normalizeTag } from './ticket-tags.ts';

/** The fixed views; specialists (and two-level second level with areas) also get `area-<key>`. */
export const VIEW_KEYS = ['mine', 'unassigned', 'overdue', 'waiting', 'solved'] as const;
export type FixedView = (typeof VIEW_KEYS)[number];
/** A view key: a fixed view or `area-<category key>`. */
export type ViewKey = FixedView | `area-${string}`;

/** Columns a view can be sorted by. */
export const VIEW_SORTS = ['reference', 'subject', 'customer', 'level', 'priority', 'due', 'resolution', 'assignee', 'activity'] as const;
export type ViewSort = (typeof VIEW_SORTS)[number];

/** Rows per page: the first 100 are the top of the work; more are on the next pages. */
export const VIEW_PAGE_SIZE = 100;
/** "Recently solved": solved or closed within this many days. */
export const RECENT_DAYS = 7;

/** Who looks: decides the reach of every view. */
export interface ViewAgent {
  id: number;
  role: Role;
  areas: string[];
}

/** A view's list request, parsed from GET parameters. */
export interface ViewQuery {
  sort: ViewSort;
  dir: 'asc' | 'desc';
  page: number;
  priority?: Priority;
  category?: string;
  /** Free text matched against reference, subject and customer name/e-mail. */
  q?: string;
  /** Only tickets with this free tag (normalised, see ticket-tags.ts). */
  tag?: string;
}

/** One page of a view. */
export interface ViewPage {
  tickets: QueueTicket[];
  total: number;
  page: number;
  pages: number;
}

const SORT_SQL: Record<ViewSort, string> = {
  reference: 't.reference',
  subject: 't.subject COLLATE NOCASE',
  customer: 't.customer_name COLLATE NOCASE',
  level: 't.level',
  priority: "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END",
  due: 't.first_response_due',
  // Tickets from before resolution due times (NULL) sort as the latest.
  resolution: 'COALESCE(t.resolution_due, 8640000000000000)',
  assignee: "COALESCE(u.name, '~') COLLATE NOCASE",
  activity: 't.updated_at',
};

/** The default order of a view: due first for work lists, latest first for "recently solved". */
export function defaultSort(view: ViewKey): { sort: ViewSort; dir: 'asc' | 'desc' } {
  return view === 'solved' ? { sort: 'activity', dir: 'desc' } : { sort: 'due', dir: 'asc' };
}

/** Parses a view's GET parameters; anything unknown falls back to the view's default. */
export function parseViewQuery(view: ViewKey, params: URLSearchParams, categories: readonly string[]): ViewQuery {
  const fallback = defaultSort(view);
  const sortParam = params.get('sort') ?? '';
  const sort = (VIEW_SORTS as readonly string[]).includes(sortParam) ? (sortParam as ViewSort) : fallback.sort;
  const dirParam = params.get('dir');
  const dir = dirParam === 'asc' || dirParam === 'desc' ? dirParam : sort === fallback.sort ? fallback.dir : 'asc';
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '', 10) || 1));
  const query: ViewQuery = { sort, dir, page };
  const priority = params.get('priority') ?? '';
  if ((PRIORITIES as readonly string[]).includes(priority)) query.priority = priority as Priority;
  const category = params.get('category') ?? '';
  if (categories.includes(category)) query.category = category;
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  if (q) query.q = q;
  const tag = normalizeTag(params.get('tag') ?? '');
  if (tag) query.tag = tag;
  return query;
}

/** The views an agent has, in navigation order. */
export function viewsFor(agent: ViewAgent, levels: DeskLevels): ViewKey[] {
  const views: ViewKey[] = agent.role === 'admin' ? ['unassigned', 'overdue', 'waiting', 'solved'] : [...VIEW_KEYS];
  const level = levelOfRole(agent.role, levels);
  if (level !== null && level === topLevel(levels) && agent.areas.length > 0) {
    for (const area of agent.areas) views.push(`area-${area}`);
  }
  return views;
}

/** Whether `view` is one of the agent's views. */
export function isViewOf(agent: ViewAgent, levels: DeskLevels, view: string): view is ViewKey {
  return (viewsFor(agent, levels) as string[]).includes(view);
}

/** The SQL condition (and parameters) of a view for this agent. */
function viewWhere(view: ViewKey, agent: ViewAgent, levels: DeskLevels, query: Omit<ViewQuery, 'sort' | 'dir' | 'page'>, now: number): { sql: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { now };
  const open = "t.status IN ('new', 'open', 'waiting')";
  if (view === 'mine') {
    where.push('t.assignee_id = @me', open);
    params.me = agent.id;
  } else {
    // Reach: the agent's level (the top level also holds level-3 leftovers in two-level mode).
    const level = levelOfRole(agent.role, levels);
    const consultingArea = view.startsWith('area-') && agent.role === 'third_level' && levels === 3;
    if (consultingArea) {
      // A specialist's area: its level-3 tickets, and the level-2 tickets whose owner asked this area for advice.
      where.push(open, "((t.level >= 3 AND t.category = @area) OR EXISTS (SELECT 1 FROM ticket_consultations c WHERE c.ticket_id = t.id AND c.status = 'open' AND c.area = @area))");
      params.area = view.slice('area-'.length);
    } else if (agent.role !== 'admin') {
      if (level === null) return { sql: '0', params };
      where.push(level === topLevel(levels) ? 't.level >= @level' : 't.level = @level');
      params.level = level;
      if (agent.role === 'third_level') {
        where.push('t.category IN (SELECT value FROM json_each(@areas))');
        params.areas = JSON.stringify(agent.areas);
      }
    }
    if (consultingArea) {
      // (the area's condition is above)
    } else if (view === 'unassigned') where.push('t.assignee_id IS NULL', open);
    else if (view === 'overdue') where.push(OVERDUE_SQL);
    else if (view === 'waiting') where.push("t.status = 'waiting'");
    else if (view === 'solved') {
      where.push("t.status IN ('solved', 'closed')", 'COALESCE(t.solved_at, t.updated_at) >= @since');
      params.since = now - RECENT_DAYS * 86_400_000;
    } else {
      where.push(open, 't.category = @area');
      params.area = view.slice('area-'.length);
    }
  }
  if (query.priority) {
    where.push('t.priority = @priority');
    params.priority = query.priority;
  }
  if (query.category) {
    where.push('t.category = @category');
    params.category = query.category;
  }
  if (query.tag) {
    where.push('EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id AND tt.tag = @tag)');
    params.tag = query.tag;
  }
  if (query.q) {
    where.push("(t.reference LIKE @q ESCAPE '\\' OR t.subject LIKE @q ESCAPE '\\' OR t.customer_name LIKE @q ESCAPE '\\' OR t.customer_email LIKE @q ESCAPE '\\')");
    params.q = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { sql: where.join(' AND '), params };
}

/** How many tickets a view holds (without list filters): the navigation's count. */
export function countView(db: Db, view: ViewKey, agent: ViewAgent, levels: DeskLevels, now = Date.now()): number {
  const { sql, params } = viewWhere(view, agent, levels, {}, now);
  return (statement(db, `SELECT COUNT(*) AS n FROM tickets t WHERE ${sql}`).get(params) as { n: number }).n;
}

/**
 * A fingerprint of every ticket's state (count, latest change, sum of versions): it changes
 * whenever a ticket is created or changed, so an open list knows when to fetch itself again.
 */
export function deskFingerprint(db: Db): string {
  const row = statement(db, 'SELECT COUNT(*) AS n, COALESCE(MAX(updated_at), 0) AS u, TOTAL(version) AS v FROM tickets').get() as { n: number; u: number; v: number };
  return `${row.n}-${row.u}-${row.v}`;
}

/** Every view of the agent with its count, in navigation order. */
export function countViews(db: Db, agent: ViewAgent, levels: DeskLevels, now = Date.now()): { key: ViewKey; count: number }[] {
  return viewsFor(agent, levels).map((key) => ({ key, count: countView(db, key, agent, levels, now) }));
}

/** One page of a view, sorted as asked (ties by id, so pages never overlap). */
export function listView(db: Db, view: ViewKey, agent: ViewAgent, levels: DeskLevels, query: ViewQuery, now = Date.now()): ViewPage {
  const { sql, params } = viewWhere(view, agent, levels, query, now);
  const total = (statement(db, `SELECT COUNT(*) AS n FROM tickets t WHERE ${sql}`).get(params) as { n: number }).n;
  const pages = Math.max(1, Math.ceil(total / VIEW_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const dir = query.dir === 'desc' ? 'DESC' : 'ASC';
  const rows = statement(
    db,
    `SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
     WHERE ${sql} ORDER BY ${SORT_SQL[query.sort]} ${dir}, t.id ${dir} LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: VIEW_PAGE_SIZE, offset: (page - 1) * VIEW_PAGE_SIZE }) as (TicketRow & { assignee_name: string | null })[];
  const tickets = rows.map((row) => {
    const ticket = toTicket(row);
    return { ...ticket, assigneeName: row.assignee_name, overdue: isOverdue(ticket, now) };
  });
  return { tickets, total, page, pages };
}

/** The level a ticket is shown at in a list (a level-3 ticket is level 2 in two-level mode). */
export function shownLevel(level: Level, levels: DeskLevels): Level {
  return effectiveLevel(level, levels);
}

/** The reference of the ticket after `reference` in a view's first page, or null. */
export function nextInView(db: Db, view: ViewKey, agent: ViewAgent, levels: DeskLevels, reference: string, now = Date.now()): string | null {
  const { tickets } = listView(db, view, agent, levels, { ...defaultSort(view), page: 1 }, now);
  const index = tickets.findIndex((ticket) => ticket.reference === reference);
  const next = index === -1 ? tickets[0] : tickets[index + 1];
  return next && next.reference !== reference ? next.reference : null;
}

/**
 * The top bar's ticket search: tickets whose reference, subject or customer (name or e-mail)
 * contains `q`, newest activity first. Every staff member may read every ticket (acting on it
 * is what `canAct` limits), so the search is not limited by level.
 */
export function searchTickets(db: Db, q: string, limit = 50, now = Date.now()): QueueTicket[] {
  const text = q.trim().slice(0, 200);
  if (!text) return [];
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = statement(
    db,
    `SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
     WHERE t.reference LIKE @q ESCAPE '\\' OR t.subject LIKE @q ESCAPE '\\' OR t.customer_name LIKE @q ESCAPE '\\' OR t.customer_email LIKE @q ESCAPE '\\'
     ORDER BY t.updated_at DESC, t.id DESC LIMIT @limit`,
  ).all({ q: pattern, limit }) as (TicketRow & { assignee_name: string | null })[];
  return rows.map((row) => {
    const ticket = toTicket(row);
    return { ...ticket, assigneeName: row.assignee_name, overdue: isOverdue(ticket, now) };
  });
}

/** The customer's other tickets (same e-mail address), newest first: the workspace's side column. */
export function listCustomerTickets(db: Db, email: string, exceptId: number, limit = 10): { reference: string; subject: string; status: QueueTicket['status']; createdAt: number }[] {
  if (!email.trim()) return [];
  const rows = statement(
    db,
    'SELECT reference, subject, status, created_at FROM tickets WHERE customer_email = ? COLLATE NOCASE AND id <> ? ORDER BY created_at DESC, id DESC LIMIT ?',
  ).all(email.trim(), exceptId, limit) as { reference: string; subject: string; status: QueueTicket['status']; created_at: number }[];
  return rows.map((row) => ({ reference: row.reference, subject: row.subject, status: row.status, createdAt: row.created_at }));
}
