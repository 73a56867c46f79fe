/**
 * The desk's shapes as the rest of the application sees them: tickets, queue entries, the
 * timeline and the acting staff member. Types only, in camelCase; the snake_case database
 * rows stay private to desk/ (`ticket-row.ts`).
 */
import type { Lang } from '../../languages.ts';
import type { Role } from '../accounts/roles.ts';
import type { CallOutcome, Channel, Level, Priority, TicketStatus } from './vocabulary.ts';

/** A ticket as the pages see it: the row in camelCase, without the token hash. */
export interface Ticket {
  id: number;
  /** Human reference, e.g. `T-2026-000123`. */
  reference: string;
  customerName: string;
  customerEmail: string;
  subject: string;
  /** Article category key the customer chose; specialists are matched by it. */
  category: string;
  lang: Lang;
  priority: Priority;
  status: TicketStatus;
  level: Level;
  assigneeId: number | null;
  channel: Channel;
  /** For tickets from a call: the seconds the agent spent on it; null otherwise. */
  handlingSeconds: number | null;
  /** For tickets from a call: solved on the call, opened as a ticket, or escalated. */
  callOutcome: CallOutcome | null;
  /** The solution summary given when solving, if any. */
  solution: string | null;
  /** Search query the customer came from, if any. */
  sourceQuery: string | null;
  /** Article slug the customer came from ("Still need help?"), if any. */
  sourceArticle: string | null;
  createdAt: number;
  updatedAt: number;
  firstResponseDue: number;
  firstResponseAt: number | null;
  /** When the ticket should be solved (business hours, paused while waiting); null for tickets from before. */
  resolutionDue: number | null;
  solvedAt: number | null;
  closedAt: number | null;
  /** Increases with every change; staff actions must send the version they saw. */
  version: number;
}

/** A ticket in a queue or list, with what the list shows besides the ticket. */
export interface QueueTicket extends Ticket {
  assigneeName: string | null;
  overdue: boolean;
}

/** Kinds of thread messages: from the customer, public staff reply, internal note. */
export type MessageKind = 'customer' | 'reply' | 'note';

/** A message in a ticket's timeline. */
export interface TimelineMessage {
  entry: 'message';
  id: number;
  kind: MessageKind;
  /** The customer's name for customer messages, the staff member's otherwise. */
  authorName: string;
  /** The author's role; null for the customer. A note by `third_level` is specialist advice. */
  authorRole: Role | null;
  body: string;
  at: number;
  /** The ticket version this message created. */
  version: number;
}

/** A system or staff event in a ticket's timeline. */
export interface TimelineEvent {
  entry: 'event';
  id: number;
  /** e.g. created, status, priority, first_response_due, assigned, escalated, handed_back, article_linked */
  type: string;
  /** Previous value (for `assigned`: the previous assignee's name); null if none. */
  from: string | null;
  /** New value (for `assigned`: the new assignee's name, null when put back in the queue). */
  to: string | null;
  /** Reason, guidance, summary or note; never shown to the customer except a solution summary. */
  detail: string | null;
  /** Who made the change; null for the system or the customer. */
  actorName: string | null;
  at: number;
  /** The ticket version after the change. */
  version: number;
}

/** One entry of a ticket's timeline: a message or an event. */
export type TimelineEntry = TimelineMessage | TimelineEvent;

/** The staff member performing an action, as the session knows them. */
export interface Actor {
  id: number;
  role: Role;
  /** Subject areas (category keys); only meaningful for third_level. */
  areas: string[];
}
