/**
 * The desk's lists of tickets: a level's queue (with filters) and an agent's own tickets, both
 * in work order: overdue first, then most urgent, then the one due soonest. "Overdue" means a
 * ticket in progress (not waiting on the customer) past its first-response due time without
 * a response, or past its resolution due time (due-times.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import { queryOf, type Queryable } from '../platform/database/write-transaction.ts';
import { isFirstResponseOverdue, isResolutionOverdue, overdueSql } from './due-times.ts';
import { toTicket, type TicketRow } from './ticket-row.ts';
import type { QueueTicket, Ticket } from './types.ts';
import { OPEN_STATUSES_SQL, priorityRankSql, type Level, type Priority, type TicketStatus } from './vocabulary.ts';

/** True when a ticket in progress (not waiting) is past its first-response or its resolution due time. */
export function isOverdue(ticket: Pick<Ticket, 'status' | 'firstResponseAt' | 'firstResponseDue'> & { resolutionDue?: number | null }, now = Date.now()): boolean {
  return isFirstResponseOverdue(ticket, now) || isResolutionOverdue({ status: ticket.status, resolutionDue: ticket.resolutionDue ?? null }, now);
}
/** Overdue first, then most urgent, then the one due soonest. */
function queueOrder(now: number): RawBuilder<unknown> {
  return sql`ORDER BY ${overdueSql(now)} DESC, ${sql.raw(priorityRankSql('t.priority'))}, t.first_response_due, t.id`;
}

type QueueRow = TicketRow & { assignee_name: string | null };

function toQueueTicket(row: QueueRow, now: number): QueueTicket {
  const ticket = toTicket(row);
  return { ...ticket, assigneeName: row.assignee_name, overdue: isOverdue(ticket, now) };
}

/** The tickets assigned to a user that are still in progress (new, open, waiting), overdue first. */
export async function listMyTickets(db: Queryable, userId: number, now = Date.now()): Promise<QueueTicket[]> {
  const { rows } = await sql<QueueRow>`
    SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
    WHERE t.assignee_id = ${userId} AND t.status IN ${sql.raw(OPEN_STATUSES_SQL)} ${queueOrder(now)}`.execute(queryOf(db));
  return rows.map((row) => toQueueTicket(row, now));
}
/** Filters of a level's queue. */
export interface QueueFilters {
  /** One status; default: all in progress (new, open, waiting). */
  status?: TicketStatus;
  category?: string;
  priority?: Priority;
  /** true: only overdue tickets; false: only those not overdue; absent: both. */
  overdue?: boolean;
  /** Only these categories (a specialist's areas); an empty list matches nothing. */
  areas?: string[];
  /** Only unassigned tickets (the waiting queue). */
  unassigned?: boolean;
  /**
   * Also tickets above the level: the top level's queue in two-level mode shows the level-3
   * tickets left from a three-level time (see `effectiveLevel`).
   */
  andAbove?: boolean;
}

/** A queue's filters, the time "overdue" is judged at, and for `listQueue` how many at most. */
export interface QueueOptions extends QueueFilters {
  now?: number;
  /** At most this many tickets (default 10,000). */
  limit?: number;
}

/** The WHERE clause of a level's queue: in progress by default, narrowed by the filters. */
function queueWhere(level: Level, filters: QueueFilters, now: number): RawBuilder<unknown> {
  const where: RawBuilder<unknown>[] = [filters.andAbove ? sql`t.level >= ${level}` : sql`t.level = ${level}`];
  where.push(filters.status ? sql`t.status = ${filters.status}` : sql`t.status IN ${sql.raw(OPEN_STATUSES_SQL)}`);
  if (filters.category) where.push(sql`t.category = ${filters.category}`);
  if (filters.priority) where.push(sql`t.priority = ${filters.priority}`);
  if (filters.overdue !== undefined) where.push(filters.overdue ? overdueSql(now) : sql`NOT ${overdueSql(now)}`);
  if (filters.areas) where.push(filters.areas.length === 0 ? sql`1 = 0` : sql`t.category IN (${sql.join(filters.areas)})`);
  if (filters.unassigned) where.push(sql`t.assignee_id IS NULL`);
  return sql.join(where, sql` AND `);
}

/**
 * The queue of a level in work order (overdue first, then priority and due time), at most
 * `limit` tickets: a desk page shows the top of the work, and loading the whole queue on
 * every page view would make busy desks slow.
 */
export async function listQueue(db: Queryable, level: Level, options: QueueOptions = {}): Promise<QueueTicket[]> {
  const { now = Date.now(), limit = 10_000, ...filters } = options;
  const { rows } = await sql<QueueRow>`
    SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
    WHERE ${queueWhere(level, filters, now)} ${queueOrder(now)} LIMIT ${limit}`.execute(queryOf(db));
  return rows.map((row) => toQueueTicket(row, now));
}

/** How many tickets the queue of a level holds with these filters. */
export async function countQueue(db: Queryable, level: Level, options: QueueOptions = {}): Promise<number> {
  const { now = Date.now(), limit: _limit, ...filters } = options;
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tickets t WHERE ${queueWhere(level, filters, now)}`.execute(queryOf(db));
  return Number(rows[0]?.n ?? 0);
}

/**
 * The trainees' tickets: open tickets assigned to first-level agents with the trainee flag,
 * in work order, for second level (who trains them) to keep an eye on. The caller checks
 * the role (`viewTrainees` in the desk's role table).
 */
export async function listTraineeTickets(db: Queryable, now = Date.now(), limit = 200): Promise<QueueTicket[]> {
  const { rows } = await sql<QueueRow>`
    SELECT t.*, u.name AS assignee_name FROM tickets t JOIN users u ON u.id = t.assignee_id
    WHERE u.trainee = 1 AND u.role = 'first_level' AND t.status IN ${sql.raw(OPEN_STATUSES_SQL)} ${queueOrder(now)} LIMIT ${limit}`.execute(queryOf(db));
  return rows.map((row) => toQueueTicket(row, now));
}
