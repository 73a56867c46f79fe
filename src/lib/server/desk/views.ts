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
import { sql, type RawBuilder } from 'kysely';
import type { Engine } from '../platform/database/connect.ts';
import { engineOf, queryOf, type Queryable } from '../platform/database/write-transaction.ts';
import { effectiveLevel, levelOfRole, topLevel, type DeskLevels } from './desk-config.ts';
import { PRIORITIES, type Level, type Priority } from './vocabulary.ts';
import type { Role } from '../accounts/roles.ts';
import { overdueSql } from './due-times.ts';
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
  subject: 'lower(t.subject)',
  customer: 'lower(t.customer_name)',
  level: 't.level',
  priority: "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END",
  due: 't.first_response_due',
  // Tickets from before resolution due times (NULL) sort as the latest.
  resolution: 'COALESCE(t.resolution_due, 8640000000000000)',
  assignee: "lower(COALESCE(u.name, '~'))",
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

/** A LIKE pattern that finds `text` anywhere. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Reference, subject or customer (name or e-mail) contains the pattern, ignoring case. The one
 * dialect switch here: SQLite's LIKE already ignores case (ASCII letters; others match as
 * typed), PostgreSQL's does not, and lower() would differ between the two for "Ü".
 */
function matchesText(pattern: string, engine: Engine): RawBuilder<unknown> {
  const operator = sql.raw(engine === 'postgres' ? 'ILIKE' : 'LIKE');
  const like = (column: string) => sql`${sql.raw(column)} ${operator} ${pattern} ESCAPE '\\'`;
  return sql`(${like('t.reference')} OR ${like('t.subject')} OR ${like('t.customer_name')} OR ${like('t.customer_email')})`;
}

/** The SQL condition of a view for this agent. */
function viewWhere(view: ViewKey, agent: ViewAgent, levels: DeskLevels, query: Omit<ViewQuery, 'sort' | 'dir' | 'page'>, now: number, engine: Engine): RawBuilder<unknown> {
  const where: RawBuilder<unknown>[] = [];
  const open = sql`t.status IN ('new', 'open', 'waiting')`;
  if (view === 'mine') {
    where.push(sql`t.assignee_id = ${agent.id}`, open);
  } else {
    // Reach: the agent's level (the top level also holds level-3 leftovers in two-level mode).
    const level = levelOfRole(agent.role, levels);
    const consultingArea = view.startsWith('area-') && agent.role === 'third_level' && levels === 3;
    if (consultingArea) {
      // A specialist's area: its level-3 tickets, and the level-2 tickets whose owner asked this area for advice.
      const area = view.slice('area-'.length);
      where.push(
        open,
        sql`((t.level >= 3 AND t.category = ${area}) OR EXISTS (SELECT 1 FROM ticket_consultations c WHERE c.ticket_id = t.id AND c.status = 'open' AND c.area = ${area}))`,
      );
    } else if (agent.role !== 'admin') {
      if (level === null) return sql`1 = 0`;
      where.push(level === topLevel(levels) ? sql`t.level >= ${level}` : sql`t.level = ${level}`);
      if (agent.role === 'third_level') where.push(agent.areas.length === 0 ? sql`1 = 0` : sql`t.category IN (${sql.join(agent.areas)})`);
    }
    if (consultingArea) {
      // (the area's condition is above)
    } else if (view === 'unassigned') where.push(sql`t.assignee_id IS NULL`, open);
    else if (view === 'overdue') where.push(overdueSql(now));
    else if (view === 'waiting') where.push(sql`t.status = 'waiting'`);
    else if (view === 'solved') {
      where.push(sql`t.status IN ('solved', 'closed')`, sql`COALESCE(t.solved_at, t.updated_at) >= ${now - RECENT_DAYS * 86_400_000}`);
    } else {
      where.push(open, sql`t.category = ${view.slice('area-'.length)}`);
    }
  }
  if (query.priority) where.push(sql`t.priority = ${query.priority}`);
  if (query.category) where.push(sql`t.category = ${query.category}`);
  if (query.tag) where.push(sql`EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id AND tt.tag = ${query.tag})`);
  if (query.q) where.push(matchesText(containsPattern(query.q), engine));
  return where.length === 0 ? sql`1 = 1` : sql.join(where, sql` AND `);
}

/** How many tickets a view holds (without list filters): the navigation's count. */
export async function countView(db: Queryable, view: ViewKey, agent: ViewAgent, levels: DeskLevels, now = Date.now()): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tickets t WHERE ${viewWhere(view, agent, levels, {}, now, engineOf(db))}`.execute(queryOf(db));
  return Number(rows[0]?.n ?? 0);
}

/**
 * A fingerprint of every ticket's state (count, latest change, sum of versions): it changes
 * whenever a ticket is created or changed, so an open list knows when to fetch itself again.
 */
export async function deskFingerprint(db: Queryable): Promise<string> {
  const { rows } = await sql<{ n: number; u: number; v: number }>`SELECT COUNT(*) AS n, COALESCE(MAX(updated_at), 0) AS u, COALESCE(SUM(version), 0) AS v FROM tickets`.execute(
    queryOf(db),
  );
  const row = rows[0]!;
  return `${Number(row.n)}-${Number(row.u)}-${Number(row.v)}`;
}

/** Every view of the agent with its count, in navigation order. */
export async function countViews(db: Queryable, agent: ViewAgent, levels: DeskLevels, now = Date.now()): Promise<{ key: ViewKey; count: number }[]> {
  const counts: { key: ViewKey; count: number }[] = [];
  for (const key of viewsFor(agent, levels)) counts.push({ key, count: await countView(db, key, agent, levels, now) });
  return counts;
}

/** One page of a view, sorted as asked (ties by id, so pages never overlap). */
export async function listView(db: Queryable, view: ViewKey, agent: ViewAgent, levels: DeskLevels, query: ViewQuery, now = Date.now()): Promise<ViewPage> {
  const where = viewWhere(view, agent, levels, query, now, engineOf(db));
  const kysely = queryOf(db);
  const { rows: counted } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tickets t WHERE ${where}`.execute(kysely);
  const total = Number(counted[0]?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / VIEW_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const dir = sql.raw(query.dir === 'desc' ? 'DESC' : 'ASC');
  const { rows } = await sql<TicketRow & { assignee_name: string | null }>`
    SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
    WHERE ${where} ORDER BY ${sql.raw(SORT_SQL[query.sort])} ${dir}, t.id ${dir} LIMIT ${VIEW_PAGE_SIZE} OFFSET ${(page - 1) * VIEW_PAGE_SIZE}`.execute(kysely);
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
export async function nextInView(db: Queryable, view: ViewKey, agent: ViewAgent, levels: DeskLevels, reference: string, now = Date.now()): Promise<string | null> {
  const { tickets } = await listView(db, view, agent, levels, { ...defaultSort(view), page: 1 }, now);
  const index = tickets.findIndex((ticket) => ticket.reference === reference);
  const next = index === -1 ? tickets[0] : tickets[index + 1];
  return next && next.reference !== reference ? next.reference : null;
}

/**
 * The top bar's ticket search: tickets whose reference, subject or customer (name or e-mail)
 * contains `q`, newest activity first. Every staff member may read every ticket (acting on it
 * is what `canAct` limits), so the search is not limited by level.
 */
export async function searchTickets(db: Queryable, q: string, limit = 50, now = Date.now()): Promise<QueueTicket[]> {
  const text = q.trim().slice(0, 200);
  if (!text) return [];
  const { rows } = await sql<TicketRow & { assignee_name: string | null }>`
    SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
    WHERE ${matchesText(containsPattern(text), engineOf(db))}
    ORDER BY t.updated_at DESC, t.id DESC LIMIT ${limit}`.execute(queryOf(db));
  return rows.map((row) => {
    const ticket = toTicket(row);
    return { ...ticket, assigneeName: row.assignee_name, overdue: isOverdue(ticket, now) };
  });
}

/** The customer's other tickets (same e-mail address, any case), newest first: the workspace's side column. */
export async function listCustomerTickets(
  db: Queryable,
  email: string,
  exceptId: number,
  limit = 10,
): Promise<{ reference: string; subject: string; status: QueueTicket['status']; createdAt: number }[]> {
  if (!email.trim()) return [];
  const rows = await queryOf(db)
    .selectFrom('tickets')
    .select(['reference', 'subject', 'status', 'created_at'])
    .where(sql`lower(customer_email)`, '=', email.trim().toLowerCase())
    .where('id', '<>', exceptId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ reference: row.reference, subject: row.subject, status: row.status as QueueTicket['status'], createdAt: row.created_at }));
}
