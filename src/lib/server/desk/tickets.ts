/**
 * The ticket lifecycle: creation from the customer form, the customer's private status link,
 * staff actions (reply, note, priority, solve, hold, escalate, hand back, take, link an
 * article), auto-close, queues and article reuse.
 *
 * Every change is one transaction that bumps `tickets.version`, sets `updated_at` and writes
 * at least one `ticket_events` row (who, type, from, to, detail): nothing about a ticket is
 * overwritten without a trace. Staff actions carry the version the agent saw; if the ticket
 * changed since, they are refused with what changed, so nobody acts on a stale picture.
 * Permissions are enforced here, not only in the pages.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { statement, type Db } from '../platform/db.ts';
import { assignInChange, recordTicketEvent } from './assignment.ts';
import { canEscalateFrom, DeskError, effectiveLevel, LEVEL_ROLES, levelOfRole, PRIORITIES, type DeskConfig, type DeskLevels, type Level, type Priority, type Role } from './desk-config.ts';
import { confirmationEmail, replyEmail, solutionEmail } from '../mail/desk-emails.ts';
import { queueEmail } from '../mail/outbox.ts';
import { parseVisitId, recordVisit } from '../search/visits.ts';
import { recordTicketSearches } from '../search/analytics.ts';
import { LANGS, type Lang } from '../../languages.ts';

export { DeskError, type DeskErrorCode, type DeskConfig, type Level, type Priority, type Role } from './desk-config.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_BODY = 20_000;
const MAX_REASON = 5_000;

/** Ticket statuses in lifecycle order. `waiting` means waiting on the customer. */
export const TICKET_STATUSES = ['new', 'open', 'waiting', 'solved', 'closed'] as const;

/** Where a ticket is in its lifecycle. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket still needs work: shown in queues, counted as an agent's load. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting'];

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
  channel: 'web' | 'phone' | 'email';
  /** For tickets from a call: the seconds the agent spent on it; null otherwise. */
  handlingSeconds: number | null;
  /** For tickets from a call: solved on the call, opened as a ticket, or escalated. */
  callOutcome: 'solved' | 'ticket' | 'escalated' | null;
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

/** The staff actions on a ticket, for permission checks and the UI's buttons. */
export const STAFF_ACTIONS = ['reply', 'note', 'setPriority', 'solve', 'putOnHold', 'escalate', 'handBack', 'take', 'linkArticle'] as const;

/** A staff action on a ticket. */
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/**
 * What each role may do at all (on tickets of its own level). First level escalates but
 * cannot hand back; specialists never talk to the customer: they advise through notes,
 * hand back to level 2 and take tickets of their areas.
 */
const ROLE_ACTIONS: Record<Role, readonly StaffAction[]> = {
  admin: STAFF_ACTIONS,
  first_level: ['reply', 'note', 'setPriority', 'solve', 'putOnHold', 'escalate', 'take', 'linkArticle'],
  second_level: STAFF_ACTIONS,
  third_level: ['note', 'handBack', 'take'],
};

const ACTION_LABELS: Record<StaffAction, string> = {
  reply: 'reply to the customer',
  note: 'add internal notes',
  setPriority: 'change the priority',
  solve: 'solve tickets',
  putOnHold: 'put tickets on hold',
  escalate: 'escalate tickets',
  handBack: 'hand tickets back',
  take: 'take tickets',
  linkArticle: 'link articles',
};

function roleAllows(role: Role, action: StaffAction): boolean {
  return ROLE_ACTIONS[role]?.includes(action) ?? false;
}

/** Why `actor` may not touch this ticket at all, or null when they may. */
function reachProblem(actor: Actor, ticket: { level: Level; category: string }, levels: DeskLevels): string | null {
  if (actor.role === 'admin') return null;
  const own = levelOfRole(actor.role, levels);
  if (own === null) return 'Level 3 is switched off on this desk (two levels); an admin can make your account second level.';
  const level = effectiveLevel(ticket.level, levels);
  if (level !== own) return `This ticket is at level ${level}; you work on level ${own} tickets.`;
  if (actor.role === 'third_level' && !actor.areas.includes(ticket.category)) {
    return `This ticket's category "${ticket.category}" is not one of your subject areas.`;
  }
  return null;
}

/**
 * True when `actor` may perform `action` on a ticket of this level and category: admins
 * everything; others only on tickets of their own level (specialists only in their areas),
 * and only the actions of their role. Whether the action makes sense in the ticket's state
 * (e.g. escalating beyond the top level) is checked by the action itself. `levels` is the
 * desk's DESK_LEVELS (a level-3 ticket is worked at level 2 in two-level mode).
 */
export function canAct(actor: Actor, action: StaffAction, ticket: { level: Level; category: string }, levels: DeskLevels = 3): boolean {
  return roleAllows(actor.role, action) && reachProblem(actor, ticket, levels) === null;
}

/**
 * The customer's ticket form, validated in the action layer (and again by `createTicket`).
 * Messages are written for customers; the UI may translate them by issue code and path.
 */
export const ticketInputSchema = z.object({
  /** The customer's name, as they want to be addressed. */
  name: z.string().trim().min(1, 'Please enter your name.').max(100, 'Your name can be at most 100 characters long.'),
  /** Where confirmation and replies are sent. */
  email: z
    .string()
    .trim()
    .min(1, 'Please enter your e-mail address.')
    .max(254, 'Your e-mail address can be at most 254 characters long.')
    .pipe(z.email('Please enter a valid e-mail address, like name@example.com.')),
  /** One line; line breaks and runs of spaces become single spaces (it ends up in mail subjects). */
  subject: z
    .string()
    .trim()
    .min(1, 'Please enter a subject.')
    .max(200, 'The subject can be at most 200 characters long.')
    .transform((text) => text.replace(/[\s\p{Cc}]+/gu, ' ')),
  /** The problem in the customer's words; becomes the first message of the thread. */
  description: z
    .string()
    .transform((text) => text.replace(/\r\n?/g, '\n').replace(/\0/g, '').trim())
    .pipe(z.string().min(1, 'Please describe your question or problem.').max(MAX_BODY, 'The description can be at most 20,000 characters long.')),
  /** An article category key (kebab-case), chosen from the list on the form. */
  category: z
    .string()
    .trim()
    .max(100, 'Please choose a category from the list.')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Please choose a category from the list.'),
  /** The language the customer wants answers in. */
  lang: z.enum(LANGS, 'Please choose a language.'),
  /** The search query the customer came from, if any. */
  sourceQuery: z
    .string()
    .trim()
    .max(500, 'The search query is too long.')
    .nullish()
    .transform((text) => text || undefined),
  /** The article the customer came from ("Still need help?"), if any. */
  sourceArticle: z
    .string()
    .trim()
    .max(300, 'The article reference is too long.')
    .nullish()
    .transform((text) => text || undefined),
  /** The random visit id from the browser's session storage (JavaScript only); anything malformed is dropped, never an error. */
  visitId: z
    .unknown()
    .optional()
    .transform((value) => parseVisitId(value) ?? undefined),
});

/** The ticket form's fields as submitted. */
export type TicketInput = z.input<typeof ticketInputSchema>;

export interface TicketRow {
  id: number;
  reference: string;
  token_hash: string;
  customer_name: string;
  customer_email: string;
  subject: string;
  category: string;
  lang: Lang;
  priority: Priority;
  status: TicketStatus;
  level: Level;
  assignee_id: number | null;
  channel: 'web' | 'phone' | 'email';
  handling_seconds: number | null;
  call_outcome: 'solved' | 'ticket' | 'escalated' | null;
  solution: string | null;
  source_query: string | null;
  source_article: string | null;
  created_at: number;
  updated_at: number;
  first_response_due: number;
  first_response_at: number | null;
  solved_at: number | null;
  closed_at: number | null;
  version: number;
}

export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    reference: row.reference,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    subject: row.subject,
    category: row.category,
    lang: row.lang,
    priority: row.priority,
    status: row.status,
    level: row.level,
    assigneeId: row.assignee_id,
    channel: row.channel,
    handlingSeconds: row.handling_seconds ?? null,
    callOutcome: row.call_outcome ?? null,
    solution: row.solution,
    sourceQuery: row.source_query,
    sourceArticle: row.source_article,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseDue: row.first_response_due,
    firstResponseAt: row.first_response_at,
    solvedAt: row.solved_at,
    closedAt: row.closed_at,
    version: row.version,
  };
}

function loadRow(db: Db, ticketId: number): TicketRow | undefined {
  return statement(db, 'SELECT * FROM tickets WHERE id = ?').get(ticketId) as TicketRow | undefined;
}

/** The SHA-256 (hex) under which a status-link token is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 random bytes in base64url: exactly 43 characters of [A-Za-z0-9_-]. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The ticket reference for a year and sequence number: `T-2026-000123`. */
export function formatReference(year: number, sequence: number): string {
  return `T-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Trimmed text of 1..max characters, or a DeskError 'invalid' naming `what`. */
function requireText(value: unknown, what: string, max: number): string {
  const text = typeof value === 'string' ? value.replace(/\r\n?/g, '\n').replace(/\0/g, '').trim() : '';
  if (!text) throw new DeskError('invalid', `${what} must not be empty.`);
  if (text.length > max) throw new DeskError('invalid', `${what} can be at most ${max.toLocaleString('en')} characters long.`);
  return text;
}

/** Optional trimmed text: null when empty, DeskError 'invalid' when too long. */
function optionalText(value: unknown, what: string, max: number): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return null;
  return requireText(value, what, max);
}

/** Article slugs are paths below content/articles: segments of letters, digits, `-`, `_`, `.`. */
function requireSlug(value: unknown): string {
  const slug = typeof value === 'string' ? value.trim() : '';
  if (!slug || slug.length > 300 || !/^[\p{L}\p{N}_-][\p{L}\p{N}_.-]*(?:\/[\p{L}\p{N}_-][\p{L}\p{N}_.-]*)*$/u.test(slug)) {
    throw new DeskError('invalid', `"${String(value)}" is not an article slug.`);
  }
  return slug;
}

function userName(db: Db, userId: number): string {
  return (statement(db, 'SELECT name FROM users WHERE id = ?').get(userId) as { name: string } | undefined)?.name ?? `#${userId}`;
}

/** Appends a message to a ticket's thread (inside the change's transaction). */
export function writeMessage(db: Db, ticketId: number, kind: MessageKind, authorId: number | null, body: string, version: number, at: number): void {
  statement(db, 'INSERT INTO ticket_messages (ticket_id, kind, author_id, body, created_at, version) VALUES (?, ?, ?, ?, ?, ?)').run(
    ticketId,
    kind,
    authorId,
    body,
    at,
    version,
  );
}

/** Changes the status after checking the transition table, with a `status` event. */
function changeStatus(
  db: Db,
  row: TicketRow,
  to: TicketStatus,
  change: { actorId: number | null; version: number; at: number; detail?: string | null },
): void {
  if (!canTransition(row.status, to)) {
    throw new DeskError(row.status === 'closed' ? 'closed' : 'invalid', `A ${row.status} ticket cannot become ${to}.`);
  }
  statement(db, 'UPDATE tickets SET status = ? WHERE id = ?').run(to, row.id);
  if (to === 'solved') statement(db, 'UPDATE tickets SET solved_at = ? WHERE id = ?').run(change.at, row.id);
  // A reopened ticket is no longer solved; when it was solved stays in the event history.
  if (row.status === 'solved' && to === 'open') statement(db, 'UPDATE tickets SET solved_at = NULL WHERE id = ?').run(row.id);
  if (to === 'closed') statement(db, 'UPDATE tickets SET closed_at = ? WHERE id = ?').run(change.at, row.id);
  recordTicketEvent(db, { ticketId: row.id, actorId: change.actorId, type: 'status', from: row.status, to, detail: change.detail ?? null, version: change.version, at: change.at });
  row.status = to;
}

function markFirstResponse(db: Db, row: TicketRow, at: number): void {
  if (row.first_response_at !== null) return;
  statement(db, 'UPDATE tickets SET first_response_at = ? WHERE id = ?').run(at, row.id);
  row.first_response_at = at;
}

function finishChange(db: Db, ticketId: number, version: number, at: number): Ticket {
  statement(db, 'UPDATE tickets SET version = ?, updated_at = ? WHERE id = ?').run(version, at, ticketId);
  return toTicket(loadRow(db, ticketId)!);
}

/**
 * The next ticket reference of a (UTC) year. Call it inside the creating write transaction:
 * the upsert then gives concurrent creations distinct numbers.
 */
export function nextReference(db: Db, year: number): string {
  const { last } = statement(
    db,
    'INSERT INTO ticket_sequence (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last',
  ).get(year) as { last: number };
  return formatReference(year, last);
}

/**
 * Creates a ticket from the customer form in one transaction: the next reference of the
 * year, a secret token (only its SHA-256 is stored), the description as first message, a
 * `created` event, the first-response due time of priority normal, assignment to a present
 * first-level agent (or the level-1 queue), and the confirmation e-mail in the outbox.
 * Returns the ticket and the token (the only time it exists in clear: it goes into the
 * confirmation page and mail). Throws DeskError 'invalid' for input the schema rejects.
 */
export function createTicket(
  db: Db,
  input: TicketInput,
  config: DeskConfig,
  now = Date.now(),
  random: () => number = Math.random,
): { ticket: Ticket; token: string } {
  const parsed = ticketInputSchema.safeParse(input);
  if (!parsed.success) throw new DeskError('invalid', parsed.error.issues.map((issue) => issue.message).join(' '));
  const data = parsed.data;
  const token = randomBytes(32).toString('base64url');
  // The reference year is the UTC year, so it does not depend on the server's time zone.
  const year = new Date(now).getUTCFullYear();
  return db
    .transaction(() => {
      const reference = nextReference(db, year);
      const due = now + config.firstResponseHours.normal * HOUR_MS;
      const result = statement(
        db,
        `INSERT INTO tickets (reference, token_hash, customer_name, customer_email, subject, category, lang, priority, status, level,
           source_query, source_article, visit_id, created_at, updated_at, first_response_due, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'normal', 'new', 1, ?, ?, ?, ?, ?, ?, 1)`,
      ).run(
        reference,
        hashToken(token),
        data.name,
        data.email,
        data.subject,
        data.category,
        data.lang,
        data.sourceQuery ?? null,
        data.sourceArticle ?? null,
        data.visitId ?? null,
        now,
        now,
        due,
      );
      const id = Number(result.lastInsertRowid);
      // For the insights: the visit opened a ticket, after searching for what?
      if (data.visitId) recordVisit(db, data.visitId, now, { tickets: 1 });
      recordTicketSearches(db, { visitId: data.visitId, sourceQuery: data.sourceQuery, lang: data.lang, at: now });
      recordTicketEvent(db, { ticketId: id, actorId: null, type: 'created', to: 'new', version: 1, at: now });
      writeMessage(db, id, 'customer', null, data.description, 1, now);
      // Assignment is part of creation (version 1), not a second change.
      assignInChange(db, { id, level: 1, category: data.category, assignee_id: null }, { actorId: null, version: 1, at: now, random });
      const ticket = toTicket(loadRow(db, id)!);
      const mail = confirmationEmail(ticket, token, config);
      queueEmail(db, { to: ticket.customerEmail, subject: mail.subject, body: mail.body, ticketId: id }, now);
      return { ticket, token };
    })
    .immediate();
}

/**
 * The ticket behind a customer's status-link token, or null for anything wrong (malformed,
 * unknown). Only the token's hash is looked up, and the stored hash is compared in constant
 * time, so neither the database nor timing reveals anything about valid tokens.
 */
export function findTicketByToken(db: Db, token: unknown): Ticket | null {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const row = statement(db, 'SELECT * FROM tickets WHERE token_hash = ?').get(hash) as TicketRow | undefined;
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return toTicket(row);
}

/** A ticket by id, or null. */
export function getTicket(db: Db, ticketId: number): Ticket | null {
  const row = loadRow(db, ticketId);
  return row ? toTicket(row) : null;
}

/** A ticket by reference (`T-2026-000123`, case and surrounding spaces ignored), or null. */
export function getTicketByReference(db: Db, reference: string): Ticket | null {
  const row = statement(db, 'SELECT * FROM tickets WHERE reference = ?').get(reference.trim().toUpperCase()) as TicketRow | undefined;
  return row ? toTicket(row) : null;
}

/** Events that only mirror a message; the message itself is the timeline entry. */
const MESSAGE_EVENT_TYPES = new Set(['customer_reply', 'reply', 'note', 'advice']);

/** Event types the customer sees on the status page. */
const CUSTOMER_EVENT_TYPES = new Set(['created', 'status']);

function timeline(db: Db, ticketId: number, includeInternal: boolean, afterVersion: number): TimelineEntry[] {
  const ticket = statement(db, 'SELECT customer_name FROM tickets WHERE id = ?').get(ticketId) as { customer_name: string } | undefined;
  if (!ticket) return [];
  const messages = statement(
    db,
    `SELECT m.id, m.kind, m.body, m.created_at, m.version, u.name AS author_name, u.role AS author_role
     FROM ticket_messages m LEFT JOIN users u ON u.id = m.author_id
     WHERE m.ticket_id = ? AND m.version > ?`,
  ).all(ticketId, afterVersion) as { id: number; kind: MessageKind; body: string; created_at: number; version: number; author_name: string | null; author_role: Role | null }[];
  const events = statement(
    db,
    `SELECT e.id, e.type, e.from_value, e.to_value, e.detail, e.created_at, e.version, a.name AS actor_name,
            fu.name AS from_name, tu.name AS to_name
     FROM ticket_events e
     LEFT JOIN users a ON a.id = e.actor_id
     LEFT JOIN users fu ON e.type = 'assigned' AND fu.id = CAST(e.from_value AS INTEGER)
     LEFT JOIN users tu ON e.type = 'assigned' AND tu.id = CAST(e.to_value AS INTEGER)
     WHERE e.ticket_id = ? AND e.version > ?`,
  ).all(ticketId, afterVersion) as {
    id: number;
    type: string;
    from_value: string | null;
    to_value: string | null;
    detail: string | null;
    created_at: number;
    version: number;
    actor_name: string | null;
    from_name: string | null;
    to_name: string | null;
  }[];

  const entries: (TimelineEntry & { rank: number })[] = [];
  for (const m of messages) {
    if (!includeInternal && m.kind === 'note') continue;
    entries.push({
      entry: 'message',
      id: m.id,
      kind: m.kind,
      authorName: m.kind === 'customer' ? ticket.customer_name : (m.author_name ?? 'Support'),
      authorRole: m.kind === 'customer' ? null : m.author_role,
      body: m.body,
      at: m.created_at,
      version: m.version,
      rank: 1,
    });
  }
  for (const e of events) {
    if (MESSAGE_EVENT_TYPES.has(e.type)) continue;
    if (!includeInternal && !CUSTOMER_EVENT_TYPES.has(e.type)) continue;
    const isAssignment = e.type === 'assigned';
    entries.push({
      entry: 'event',
      id: e.id,
      type: e.type,
      from: isAssignment && e.from_value !== null ? (e.from_name ?? `#${e.from_value}`) : e.from_value,
      to: isAssignment && e.to_value !== null ? (e.to_name ?? `#${e.to_value}`) : e.to_value,
      // The customer sees the solution summary, never internal reasons.
      detail: includeInternal || (e.type === 'status' && e.to_value === 'solved') ? e.detail : null,
      actorName: e.actor_name,
      at: e.created_at,
      version: e.version,
      rank: e.type === 'created' ? 0 : 2,
    });
  }
  // Versions order changes exactly (they are serialised); within one change: created, messages, other events.
  entries.sort((a, b) => a.version - b.version || a.rank - b.rank || a.at - b.at || a.id - b.id);
  return entries.map(({ rank: _rank, ...entry }) => entry as TimelineEntry);
}

/**
 * A ticket's thread and history in order. Staff (`includeInternal: true`) see everything:
 * messages, internal notes and all events. The customer sees their messages, public replies
 * and status events (without internal details). Events that merely record a message are
 * folded into the message.
 */
export function listTimeline(db: Db, ticketId: number, options: { includeInternal: boolean }): TimelineEntry[] {
  return timeline(db, ticketId, options.includeInternal, 0);
}

/**
 * The customer answers through their status link: appends their message; a ticket waiting
 * on them, or solved but not yet closed, reopens. Throws DeskError 'not_found' for a wrong
 * token, 'closed' for a closed ticket, 'invalid' for an empty or oversized message.
 */
export function addCustomerReply(db: Db, token: string, body: string, _config: DeskConfig, now = Date.now()): Ticket {
  const text = requireText(body, 'Your message', MAX_BODY);
  return db
    .transaction(() => {
      const found = findTicketByToken(db, token);
      if (!found) throw new DeskError('not_found', 'This request does not exist.');
      const row = loadRow(db, found.id)!;
      if (row.status === 'closed') {
        throw new DeskError('closed', 'This request is closed and can no longer be answered. If you need more help, please open a new request.');
      }
      const version = row.version + 1;
      writeMessage(db, row.id, 'customer', null, text, version, now);
      recordTicketEvent(db, { ticketId: row.id, actorId: null, type: 'customer_reply', version, at: now });
      if (row.status === 'waiting' || row.status === 'solved') {
        changeStatus(db, row, 'open', { actorId: null, version, at: now, detail: 'customer replied' });
      }
      return finishChange(db, row.id, version, now);
    })
    .immediate();
}

/**
 * Runs one staff action as one transaction, checking in this order: the ticket exists; the
 * actor's role may do this at all ('forbidden'); the ticket is still at `expectedVersion`
 * ('conflict' with what changed since); the ticket is within the actor's level and areas
 * ('forbidden'); it is not closed ('closed'). `apply` makes the change; returning false
 * means nothing needed changing (no version bump).
 */
function staffChange(
  db: Db,
  ticketId: number,
  actor: Actor,
  action: StaffAction,
  expectedVersion: number,
  now: number,
  levels: DeskLevels,
  apply: (row: TicketRow, version: number) => boolean | void,
): Ticket {
  return db
    .transaction((): Ticket => {
      const row = loadRow(db, ticketId);
      if (!row) throw new DeskError('not_found', `There is no ticket with id ${ticketId}.`);
      if (!roleAllows(actor.role, action)) {
        throw new DeskError(
          'forbidden',
          actor.role === 'third_level' && action === 'reply'
            ? 'Specialists do not write to the customer. Add an internal note with your advice for second level instead.'
            : `Your role (${actor.role}) may not ${ACTION_LABELS[action]}.`,
        );
      }
      if (row.version !== expectedVersion) {
        throw new DeskError('conflict', `Ticket ${row.reference} was changed by someone else after you opened it. Here is what changed; please check and try again.`, {
          changes: timeline(db, ticketId, true, Math.min(expectedVersion, row.version)),
          currentVersion: row.version,
        });
      }
      const problem = reachProblem(actor, row, levels);
      if (problem) throw new DeskError('forbidden', problem);
      if (row.status === 'closed') throw new DeskError('closed', `Ticket ${row.reference} is closed and can no longer be changed.`);
      const version = row.version + 1;
      if (apply(row, version) === false) return toTicket(row);
      return finishChange(db, row.id, version, now);
    })
    .immediate();
}

function requireInProgress(row: TicketRow, what: string): void {
  if (!OPEN_STATUSES.includes(row.status)) throw new DeskError('invalid', `Only tickets in progress can be ${what}; ${row.reference} is ${row.status}.`);
}

/**
 * A public reply to the customer (never by third level: specialists advise through notes).
 * Sets the first response time once, moves a new ticket to open, and queues the reply e-mail.
 */
export function replyToCustomer(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { body: string },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
): Ticket {
  const body = requireText(input.body, 'The reply', MAX_BODY);
  return staffChange(db, ticketId, actor, 'reply', expectedVersion, now, config.levels, (row, version) => {
    writeMessage(db, row.id, 'reply', actor.id, body, version, now);
    recordTicketEvent(db, { ticketId: row.id, actorId: actor.id, type: 'reply', version, at: now });
    markFirstResponse(db, row, now);
    if (row.status === 'new') changeStatus(db, row, 'open', { actorId: actor.id, version, at: now });
    const mail = replyEmail(toTicket(row), { body, authorName: userName(db, actor.id) }, config);
    queueEmail(db, { to: row.customer_email, subject: mail.subject, body: mail.body, ticketId: row.id }, now);
  });
}

/**
 * An internal note, never shown to the customer. From a specialist (third_level) it is
 * recorded as `advice`: the way level 3 answers level 2.
 */
export function addNote(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { body: string },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
): Ticket {
  const body = requireText(input.body, 'The note', MAX_BODY);
  return staffChange(db, ticketId, actor, 'note', expectedVersion, now, config.levels, (row, version) => {
    writeMessage(db, row.id, 'note', actor.id, body, version, now);
    recordTicketEvent(db, { ticketId: row.id, actorId: actor.id, type: actor.role === 'third_level' ? 'advice' : 'note', version, at: now });
  });
}

/**
 * Changes the priority. While the customer has had no first response, the due time is
 * recomputed from the creation time and the new priority (its own event, from → to).
 */
export function setPriority(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { priority: Priority },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
): Ticket {
  const priority = input.priority;
  if (!(PRIORITIES as readonly string[]).includes(priority)) throw new DeskError('invalid', `"${String(priority)}" is not a priority (${PRIORITIES.join(', ')}).`);
  return staffChange(db, ticketId, actor, 'setPriority', expectedVersion, now, config.levels, (row, version) => {
    if (row.priority === priority) return false;
    statement(db, 'UPDATE tickets SET priority = ? WHERE id = ?').run(priority, row.id);
    recordTicketEvent(db, { ticketId: row.id, actorId: actor.id, type: 'priority', from: row.priority, to: priority, version, at: now });
    if (row.first_response_at === null) {
      const due = row.created_at + config.firstResponseHours[priority] * HOUR_MS;
      if (due !== row.first_response_due) {
        statement(db, 'UPDATE tickets SET first_response_due = ? WHERE id = ?').run(due, row.id);
        recordTicketEvent(db, {
          ticketId: row.id,
          actorId: actor.id,
          type: 'first_response_due',
          from: new Date(row.first_response_due).toISOString(),
          to: new Date(due).toISOString(),
          version,
          at: now,
        });
      }
    }
  });
}

/** Links an article to a ticket as reuse, with an event, inside a change; false when it was linked already. */
export function linkInChange(db: Db, ticketId: number, slug: string, actorId: number, version: number, now: number): boolean {
  const inserted = statement(db, 'INSERT OR IGNORE INTO ticket_articles (ticket_id, article_slug, linked_by, created_at) VALUES (?, ?, ?, ?)').run(
    ticketId,
    slug,
    actorId,
    now,
  ).changes;
  if (inserted === 0) return false;
  recordTicketEvent(db, { ticketId, actorId, type: 'article_linked', to: slug, version, at: now });
  return true;
}

/**
 * Solves a ticket with a summary, a knowledge-base article, or both (at least one is
 * required). The article is linked as reuse. Sets solved_at (and the first response, if
 * there was none: the solution mail is one) and queues the solution e-mail. The caller
 * should only offer public articles, since the mail links the article for the customer.
 */
export function solveTicket(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { summary?: string | null; articleSlug?: string | null },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
): Ticket {
  const summary = optionalText(input.summary, 'The solution summary', MAX_BODY);
  const articleSlug = input.articleSlug === undefined || input.articleSlug === null || input.articleSlug === '' ? null : requireSlug(input.articleSlug);
  if (summary === null && articleSlug === null) throw new DeskError('invalid', 'To solve a ticket, write a solution summary or link an article.');
  return staffChange(db, ticketId, actor, 'solve', expectedVersion, now, config.levels, (row, version) => {
    changeStatus(db, row, 'solved', { actorId: actor.id, version, at: now, detail: summary });
    statement(db, 'UPDATE tickets SET solution = ? WHERE id = ?').run(summary, row.id);
    if (articleSlug) linkInChange(db, row.id, articleSlug, actor.id, version, now);
    markFirstResponse(db, row, now);
    const mail = solutionEmail(toTicket(row), { summary, articleSlug }, config);
    queueEmail(db, { to: row.customer_email, subject: mail.subject, body: mail.body, ticketId: row.id }, now);
  });
}

/** Puts a ticket on hold, waiting on the customer; `reason` is internal. */
export function putOnHold(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { reason?: string | null },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
): Ticket {
  const reason = optionalText(input.reason, 'The reason', MAX_REASON);
  return staffChange(db, ticketId, actor, 'putOnHold', expectedVersion, now, config.levels, (row, version) => {
    changeStatus(db, row, 'waiting', { actorId: actor.id, version, at: now, detail: reason });
  });
}

/** Puts the ticket back into its queue (with an event), if it was assigned. */
function unassignInChange(db: Db, row: TicketRow, actorId: number, version: number, now: number, detail: string): void {
  if (row.assignee_id === null) return;
  statement(db, 'UPDATE tickets SET assignee_id = NULL WHERE id = ?').run(row.id);
  recordTicketEvent(db, { ticketId: row.id, actorId, type: 'assigned', from: row.assignee_id, to: null, detail, version, at: now });
  row.assignee_id = null;
}

/**
 * Moves a ticket to another level within a change: it leaves its assignee (with an event),
 * changes level and records why. The caller then assigns it at the new level.
 */
function moveToLevel(
  db: Db,
  row: TicketRow,
  to: Level,
  change: { actorId: number; version: number; now: number; type: 'escalated' | 'handed_back'; unassigned: string; detail: string },
): void {
  const { actorId, version, now } = change;
  unassignInChange(db, row, actorId, version, now, change.unassigned);
  statement(db, 'UPDATE tickets SET level = ? WHERE id = ?').run(to, row.id);
  recordTicketEvent(db, { ticketId: row.id, actorId, type: change.type, from: row.level, to, detail: change.detail, version, at: now });
}

/**
 * Escalates to the next level with a reason: 1 → 2, 2 → 3. The ticket leaves its assignee
 * and goes to a random present agent of the new level, least loaded first; at level 3 only a
 * specialist for the ticket's category qualifies, and without one present it waits in the
 * level-3 queue (assigned when one becomes present).
 */
export function escalateTicket(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { reason: string },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
  random: () => number = Math.random,
): Ticket {
  const reason = requireText(input.reason, 'The reason for escalating', MAX_REASON);
  return staffChange(db, ticketId, actor, 'escalate', expectedVersion, now, config.levels, (row, version) => {
    if (!canEscalateFrom(row.level, config.levels)) {
      throw new DeskError('invalid', `${row.reference} is already at level ${effectiveLevel(row.level, config.levels)}, the highest level.`);
    }
    requireInProgress(row, 'escalated');
    const to = (effectiveLevel(row.level, config.levels) + 1) as Level;
    moveToLevel(db, row, to, { actorId: actor.id, version, now, type: 'escalated', unassigned: 'escalated', detail: reason });
    assignInChange(db, { id: row.id, level: to, category: row.category, assignee_id: null }, { actorId: actor.id, version, at: now, random, levels: config.levels });
  });
}

/**
 * Hands a ticket back down with guidance: 3 → 2 (the specialist's advice is done) or 2 → 1.
 * It goes back to whoever had it at that level before, if they are present and not disabled,
 * otherwise to a present agent of that level by the usual rule (or the queue).
 */
export function handBackTicket(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { guidance: string },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
  random: () => number = Math.random,
): Ticket {
  const guidance = requireText(input.guidance, 'The guidance', MAX_REASON);
  return staffChange(db, ticketId, actor, 'handBack', expectedVersion, now, config.levels, (row, version) => {
    if (row.level === 1) throw new DeskError('invalid', `${row.reference} is at level 1; there is no lower level to hand it back to.`);
    requireInProgress(row, 'handed back');
    const to = (effectiveLevel(row.level, config.levels) - 1) as Level;
    moveToLevel(db, row, to, { actorId: actor.id, version, now, type: 'handed_back', unassigned: 'handed back', detail: guidance });
    // The most recent assignee of that level gets it back, if they can work on it now.
    const previous = statement(
      db,
      `SELECT u.id, u.present, u.disabled FROM ticket_events e JOIN users u ON u.id = CAST(e.to_value AS INTEGER)
       WHERE e.ticket_id = ? AND e.type = 'assigned' AND e.to_value IS NOT NULL AND u.role = ?
       ORDER BY e.version DESC, e.id DESC LIMIT 1`,
    ).get(row.id, LEVEL_ROLES[to]) as { id: number; present: number; disabled: number } | undefined;
    if (previous && previous.present === 1 && previous.disabled === 0) {
      statement(db, 'UPDATE tickets SET assignee_id = ? WHERE id = ?').run(previous.id, row.id);
      recordTicketEvent(db, { ticketId: row.id, actorId: actor.id, type: 'assigned', from: null, to: previous.id, detail: 'back to the previous assignee', version, at: now });
    } else {
      assignInChange(db, { id: row.id, level: to, category: row.category, assignee_id: null }, { actorId: actor.id, version, at: now, random, levels: config.levels });
    }
  });
}

/** Assigns the ticket to the actor (any agent of the ticket's level may take it, also from a colleague). */
export function takeTicket(
  db: Db,
  ticketId: number,
  actor: Actor,
  _input: Record<string, never>,
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
): Ticket {
  return staffChange(db, ticketId, actor, 'take', expectedVersion, now, config.levels, (row, version) => {
    requireInProgress(row, 'taken');
    if (row.assignee_id === actor.id) return false;
    statement(db, 'UPDATE tickets SET assignee_id = ? WHERE id = ?').run(actor.id, row.id);
    recordTicketEvent(db, { ticketId: row.id, actorId: actor.id, type: 'assigned', from: row.assignee_id, to: actor.id, detail: 'taken', version, at: now });
  });
}

/**
 * Records that a knowledge-base article was used on this ticket (KCS reuse), e.g. when an
 * agent inserts a link to it into a reply. Linking the same article again changes nothing.
 */
export function linkArticle(
  db: Db,
  ticketId: number,
  actor: Actor,
  input: { articleSlug: string },
  expectedVersion: number,
  config: DeskConfig,
  now = Date.now(),
): Ticket {
  const slug = requireSlug(input.articleSlug);
  return staffChange(db, ticketId, actor, 'linkArticle', expectedVersion, now, config.levels, (row, version) => linkInChange(db, row.id, slug, actor.id, version, now));
}

/** The articles linked to a ticket, in the order they were linked. */
export function listLinkedArticles(db: Db, ticketId: number): string[] {
  return (statement(db, 'SELECT article_slug FROM ticket_articles WHERE ticket_id = ? ORDER BY created_at, article_slug').all(ticketId) as { article_slug: string }[]).map(
    (row) => row.article_slug,
  );
}

/**
 * Closes tickets solved at least `autoCloseDays` ago (by the system, with an event each).
 * Run it periodically; returns how many were closed.
 */
export function closeSolvedTickets(db: Db, config: DeskConfig, now = Date.now()): number {
  return db
    .transaction((): number => {
      const rows = statement(db, "SELECT * FROM tickets WHERE status = 'solved' AND solved_at <= ?").all(now - config.autoCloseDays * DAY_MS) as TicketRow[];
      for (const row of rows) {
        const version = row.version + 1;
        changeStatus(db, row, 'closed', { actorId: null, version, at: now, detail: `closed automatically ${config.autoCloseDays} days after it was solved` });
        finishChange(db, row.id, version, now);
      }
      return rows.length;
    })
    .immediate();
}

/** True when a ticket in progress has had no first response and its due time has passed. */
export function isOverdue(ticket: Pick<Ticket, 'status' | 'firstResponseAt' | 'firstResponseDue'>, now = Date.now()): boolean {
  return OPEN_STATUSES.includes(ticket.status) && ticket.firstResponseAt === null && ticket.firstResponseDue < now;
}

const PRIORITY_RANK_SQL = "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END";
const OVERDUE_SQL = "(t.status IN ('new', 'open', 'waiting') AND t.first_response_at IS NULL AND t.first_response_due < @now)";
/** Overdue first, then most urgent, then the one due soonest. */
const QUEUE_ORDER_SQL = `ORDER BY ${OVERDUE_SQL} DESC, ${PRIORITY_RANK_SQL}, t.first_response_due, t.id`;

function toQueueTicket(row: TicketRow & { assignee_name: string | null }, now: number): QueueTicket {
  const ticket = toTicket(row);
  return { ...ticket, assigneeName: row.assignee_name, overdue: isOverdue(ticket, now) };
}

/** The tickets assigned to a user that are still in progress (new, open, waiting), overdue first. */
export function listMyTickets(db: Db, userId: number, now = Date.now()): QueueTicket[] {
  const rows = statement(
    db,
    `SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
     WHERE t.assignee_id = @user AND t.status IN ('new', 'open', 'waiting') ${QUEUE_ORDER_SQL}`,
  ).all({ user: userId, now }) as (TicketRow & { assignee_name: string | null })[];
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

/**
 * The queue of a level: its tickets, assigned or not, in progress by default, overdue first,
 * then by priority and due time.
 */
function queueWhere(level: Level, filters: QueueFilters, now: number): { sql: string; params: Record<string, unknown> } {
  const where = [filters.andAbove ? 't.level >= @level' : 't.level = @level'];
  const params: Record<string, unknown> = { level, now };
  if (filters.status) {
    where.push('t.status = @status');
    params.status = filters.status;
  } else {
    where.push("t.status IN ('new', 'open', 'waiting')");
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
export function listQueue(db: Db, level: Level, filters: QueueFilters = {}, now = Date.now(), limit = 10_000): QueueTicket[] {
  const { sql, params } = queueWhere(level, filters, now);
  const rows = statement(
    db,
    `SELECT t.*, u.name AS assignee_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id
     WHERE ${sql} ${QUEUE_ORDER_SQL} LIMIT @limit`,
  ).all({ ...params, limit }) as (TicketRow & { assignee_name: string | null })[];
  return rows.map((row) => toQueueTicket(row, now));
}

/** How many tickets the queue of a level holds with these filters. */
export function countQueue(db: Db, level: Level, filters: QueueFilters = {}, now = Date.now()): number {
  const { sql, params } = queueWhere(level, filters, now);
  return (statement(db, `SELECT COUNT(*) AS n FROM tickets t WHERE ${sql}`).get(params) as { n: number }).n;
}

/**
 * How often each article solved a ticket: links on tickets that are solved or closed (a
 * link on a ticket that was reopened counts again only once it is solved again).
 */
export function articleReuseCounts(db: Db): Map<string, number> {
  const rows = statement(
    db,
    `SELECT a.article_slug AS slug, COUNT(*) AS n FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id
     WHERE t.status IN ('solved', 'closed') GROUP BY a.article_slug`,
  ).all() as { slug: string; n: number }[];
  return new Map(rows.map((row) => [row.slug, row.n]));
}
