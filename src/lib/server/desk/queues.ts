/**
 * The desk's lists of tickets: a level's queue (with filters) and an agent's own tickets, both
 * in work order: overdue first, then most urgent, then the one due soonest. "Overdue" means a
 * ticket in progress (not waiting on the customer) past its first-response due time without
 * a response, or past its resolution due time (due-times.ts).
 */
import { statement, type Db } from '../platform/db.ts';
import { isFirstResponseOverdue, isResolutionOverdue, OVERDUE_SQL } from './due-times.ts';
import { toTicket, type TicketRow } from './ticket-row.ts';
import type { QueueTicket, Ticket } from './types.ts';
import { OPEN_STATUSES_SQL, priorityRankSql, type Level, type Priority, type TicketStatus } from './vocabulary.ts';

/** True when a ticket in progress (not waiting) is past its first-response or its resolution due time. */
export function isOverdue(ticket: Pick<Ticket, 'status' | 'firstResponseAt' | 'firstResponseDue'> & { resolutionDue?: number | null }, now = Date.now()): boolean {
  return isFirstResponseOverdue(ticket, now) || isResolutionOverdue({ status: ticket.status, resolutionDue: ticket.resolutionDue ?? null }, now);
}
/** Overdue first, then most urgent, then the one due soonest. */
const QUEUE_ORDER_SQL = `ORDER BY ${OVERDUE_SQL} DESC, ${priorityRankSql('t.priority')}, t.first_response_due, t.id`;

type QueueRow = TicketRow & { assignee_name: string | null };

function toQueueTicket(row: QueueRow, now: number): QueueTicket {
  const ticket = toTicket(row);
  return { ...ticket, assigneeName: row.assignee_name, overdue: isOverdue(ticket, now) };
}

/** The tickets assigned to a user that are still in progress (new, open, waiting), overdue first. */
export function listMyTickets(db: Db, userId: number, now = Date.now()): QueueTicket[] {
  const rows = statement(
    db,
    `SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
     WHERE t.assignee_id = @user AND t.status IN ${OPEN_STATUSES_SQL} ${QUEUE_ORDER_SQL}`,
  ).all({ user: userId, now }) as QueueRow[];
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
function queueWhere(level: Level, filters: QueueFilters, now: number): { sql: string; params: Record<string, unknown> } {
  const where = [filters.andAbove ? 't.level >= @level' : 't.level = @level'];
  const params: Record<string, unknown> = { level, now };
  if (filters.status) {
    where.push('t.status = @status');
    params.status = filters.status;
  } else {
    where.push(`t.status IN ${OPEN_STATUSES_SQL}`);
  }
  if (filters.category) {
    where.push('t.category = @category');
    params.category = filters.category;
  }
  if (filters.priority) {
    where.push('t.priority = @priority');
    params.priority = filters.priority;
  }
  if (filters.overdue !== undefined) where.push(filters.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`);
  if (filters.areas) {
    where.push('t.category IN (SELECT value FROM json_each(@areas))');
    params.areas = JSON.stringify(filters.areas);
  }
  if (filters.unassigned) where.push('t.assignee_id IS NULL');
  return { sql: where.join(' AND '), params };
}

/**
 * The queue of a level in work order (overdue first, then priority and due time), at most
 * `limit` tickets: a desk page shows the top of the work, and loading the whole queue on
 * every page view would make busy desks slow.
 */
export function listQueue(db: Db, level: Level, options: QueueOptions = {}): QueueTicket[] {
  const { now = Date.now(), limit = 10_000, ...filters } = options;
  const { sql, params } = queueWhere(level, filters, now);
  const rows = statement(
    db,
    `SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
     WHERE ${sql} ${QUEUE_ORDER_SQL} LIMIT @limit`,
  ).all({ ...params, limit }) as QueueRow[];
  return rows.map((row) => toQueueTicket(row, now));
}

/** How many tickets the queue of a level holds with these filters. */
export function countQueue(db: Db, level: Level, options: QueueOptions = {}): number {
  const { now = Date.now(), limit: _limit, ...filters } = options;
  const { sql, params } = queueWhere(level, filters, now);
  return (statement(db, `SELECT COUNT(*) AS n FROM tickets t WHERE ${sql}`).get(params) as { n: number }).n;
}

/**
 * The trainees' tickets: open tickets assigned to first-level agents with the trainee flag,
 * in work order, for second level (who trains them) to keep an eye on. The caller checks
 * the role (`viewTrainees` in the desk's role table).
 */
export function listTraineeTickets(db: Db, now = Date.now(), limit = 200): QueueTicket[] {
  const rows = statement(
    db,
    `SELECT t.*, u.name AS assignee_name FROM tickets t JOIN users u ON u.id = t.assignee_id
     WHERE u.trainee = 1 AND u.role = 'first_level' AND t.status IN ${OPEN_STATUSES_SQL} ${QUEUE_ORDER_SQL} LIMIT @limit`,
  ).all({ now, limit }) as QueueRow[];
  return rows.map((row) => toQueueTicket(row, now));
}
