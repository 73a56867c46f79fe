/**
 * The desk's vocabulary: ticket statuses and the transitions between them, priorities,
 * support levels, and the SQL fragments derived from them. Each constant is written here
 * once; SQL that needs one derives it from the constant (never a second hand-written list).
 * It imports nothing from desk/: everything else in the desk builds on it.
 */
import type { Role } from '../accounts/roles.ts';

/** Ticket statuses in lifecycle order. `waiting` means waiting on the customer. */
export const TICKET_STATUSES = ['new', 'open', 'waiting', 'solved', 'closed'] as const;

/** Where a ticket is in its lifecycle. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket still needs work: shown in queues, counted as an agent's load. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting'];

/** Statuses of a ticket that was solved (and maybe closed since): what counts as reuse. */
export const DONE_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];

/** True when a value is a ticket status. */
export function isTicketStatus(value: unknown): value is TicketStatus {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value);
}

/** True when a ticket of this status still needs work. */
export function isOpenStatus(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * The allowed status changes. new → open (first staff reply), → waiting (on hold for the
 * customer), → solved; a customer reply moves waiting or solved back to open; solved →
 * closed (auto-close). Closed is final: a new problem gets a new ticket.
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'waiting', 'solved'],
  open: ['waiting', 'solved'],
  waiting: ['open', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

/** True when the lifecycle allows going from `from` to `to`. */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Ticket priorities, lowest first. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** How urgent a ticket is; decides its first-response due time. */
export type Priority = (typeof PRIORITIES)[number];

/** True when a value is a priority. */
export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/** Support levels: 1 first level, 2 second level, 3 specialists. */
export const LEVELS = [1, 2, 3] as const;

/** A support level. */
export type Level = (typeof LEVELS)[number];

/** The role whose agents work on tickets of a level. */
export const LEVEL_ROLES: Record<Level, Exclude<Role, 'admin'>> = { 1: 'first_level', 2: 'second_level', 3: 'third_level' };

/** How a ticket came in. */
export type Channel = 'web' | 'phone' | 'email';

/** For tickets from a call: solved on the call, opened as a ticket, or escalated. */
export type CallOutcome = 'solved' | 'ticket' | 'escalated';

/** A list of SQL string literals: `('new', 'open', 'waiting')`. Only for the constants above. */
function sqlList(values: readonly string[]): string {
  return `(${values.map((value) => `'${value}'`).join(', ')})`;
}

/** `IN` list of the open statuses, for `status IN ${OPEN_STATUSES_SQL}`. */
export const OPEN_STATUSES_SQL = sqlList(OPEN_STATUSES);

/** `IN` list of the solved-or-closed statuses. */
export const DONE_STATUSES_SQL = sqlList(DONE_STATUSES);

/**
 * A sort key for a priority column, most urgent first (0), derived from `PRIORITIES`:
 * `CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 …`.
 */
export function priorityRankSql(column: string): string {
  const mostUrgentFirst = [...PRIORITIES].reverse();
  return `CASE ${column} ${mostUrgentFirst.map((priority, rank) => `WHEN '${priority}' THEN ${rank}`).join(' ')} ELSE ${mostUrgentFirst.length} END`;
}
