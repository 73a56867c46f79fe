/**
 * The call desk: an agent takes a phone call and ends it with one of three outcomes, each
 * one transaction that creates a ticket with channel `phone` and the call's handling time:
 *
 * - `solved`: solved on the call (first-contact resolution). A short solution or a public
 *   knowledge-base article is required; the ticket is created solved, the article linked as
 *   reuse, and, when the caller gave an e-mail address, the solution is mailed with the
 *   private status link (so the customer can still reply). The address is optional here: the
 *   customer already has the answer.
 * - `ticket`: opened as a ticket, assigned to the agent who took the call (they own it). The
 *   address is required: the desk answers by e-mail.
 * - `escalated`: straight to the level above the agent's (first level and admins: level 2),
 *   with a reason, assigned there by the usual rule. The address is required.
 *
 * Also: the call in progress per agent (`call_drafts`: when it started, the timer without
 * JavaScript) and the caller lookup (earlier tickets by e-mail, name or reference).
 * Both engines (issue 17).
 */
import { asText, cleanLine, cleanMultiline } from '../platform/clean-text.ts';
import { DomainError } from '../errors.ts';
import { randomBytes } from 'node:crypto';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import { sql, type Selectable } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import type { TicketsTable } from '../platform/database/schema.ts';
import { assignInChange } from '../desk/assignment.ts';
import { dueTimes } from '../desk/due-times.ts';
import { recordTicketEventInChange, writeMessageInChange } from '../desk/events.ts';
import { levelOfRole, topLevel, type DeskConfig } from '../desk/desk-config.ts';
import type { Level, TicketStatus } from '../desk/vocabulary.ts';
import type { Role } from '../accounts/roles.ts';
import { callSolutionEmail, confirmationEmail } from '../mail/desk-emails.ts';
import { storeSealedTokenInChange } from '../desk/status-token.ts';
import { queueEmailInChange } from '../mail/outbox.ts';
import { getTicket, hashToken } from '../desk/ticket-lookup.ts';
import { linkArticleInChange } from '../desk/article-links.ts';
import { nextReferenceInChange } from '../desk/ticket-reference.ts';
import type { Actor, Ticket } from '../desk/types.ts';
import { LANGS, type Lang } from '../../languages.ts';

/** Roles that take calls: first and second level and admins. Specialists never talk to customers. */
export const CALL_ROLES = ['first_level', 'second_level', 'admin'] as const satisfies readonly Role[];

/** How a call ends. */
export const CALL_OUTCOMES = ['solved', 'ticket', 'escalated'] as const;

/** How a call ended. */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The longest handling time accepted: a call of more than 12 hours is a forgotten timer. */
export const MAX_HANDLING_SECONDS = 12 * 3600;

/** The call form as posted (strings, possibly empty). */
export interface CallInput {
  outcome: string;
  name?: string | null;
  email?: string | null;
  /** One line; empty: the question's first line. */
  subject?: string | null;
  question?: string | null;
  category?: string | null;
  lang?: string | null;
  /** The solution told on the call (outcome solved); `{ticket_reference}` is filled in. */
  solution?: string | null;
  /** The article that solved it (outcome solved: must be public) or that was used. */
  articleSlug?: string | null;
  /** Why it goes to the next level (outcome escalated). */
  reason?: string | null;
  /** The timer's value; empty: since the call started (`call_drafts`). */
  handlingSeconds?: string | number | null;
}

/** The fields of the call form that can carry an error. */
export type CallField = 'outcome' | 'name' | 'email' | 'subject' | 'question' | 'category' | 'lang' | 'solution' | 'articleSlug' | 'reason' | 'handlingSeconds';

/** Why a call field was refused: the suffix of its `calls.error.*` text. */
export type CallErrorCode =
  | 'outcome' | 'name.required' | 'name.long' | 'email.invalid' | 'email.required' | 'question.required' | 'question.long'
  | 'subject.long' | 'category' | 'lang' | 'solution.long' | 'solution.required' | 'article.unknown' | 'article.internal'
  | 'reason.required' | 'reason.long' | 'handling' | 'escalate.top';

/**
 * Invalid call input: per field an error code (`calls.error.<code>` in the interface texts),
 * so that the page shows each message at its field, in the agent's language.
 */
export class CallInputError extends DomainError<'invalid', CallField> {
  readonly fields: Partial<Record<CallField, CallErrorCode>>;
  constructor(fields: Partial<Record<CallField, CallErrorCode>>) {
    super('invalid', 'calls.error.title', { message: `Invalid call: ${Object.entries(fields).map(([field, code]) => `${field} (${code})`).join(', ')}` });
    this.name = 'CallInputError';
    this.fields = fields;
  }
}

/** What the call form needs to know about articles and categories. */
export interface CallLookups {
  /** The article, or null when there is none. */
  article(slug: string): { audience: string; status: string } | null | undefined;
  /** True for a known category key. */
  isCategory(key: string): boolean;
}

/** A validated call. */
export interface CallValues {
  outcome: CallOutcome;
  name: string;
  /** '' when the caller gave none (allowed only for `solved`). */
  email: string;
  subject: string;
  question: string;
  category: string;
  lang: Lang;
  solution: string | null;
  articleSlug: string | null;
  reason: string | null;
  /** null: take the time since the call started. */
  handlingSeconds: number | null;
}

const EMAIL_PATTERN = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** Multi-line form text without control characters (clean-text.ts); single-line fields add `cleanLine`. */
function clean(value: unknown): string {
  return cleanMultiline(asText(value));
}

/**
 * Checks a call form. Every problem is reported at once, per field, so the agent fixes all
 * of them in one go. Rules: name, question and topic always; an e-mail address for `ticket`
 * and `escalated` (optional but checked when given for `solved`); `solved` needs a solution
 * text or a public, validated article; `escalated` needs a reason.
 */
export function validateCall(input: CallInput, lookups: CallLookups): CallValues {
  const errors: Partial<Record<CallField, CallErrorCode>> = {};
  const outcome = clean(input.outcome) as CallOutcome;
  if (!CALL_OUTCOMES.includes(outcome)) errors.outcome = 'outcome';
  const name = cleanLine(asText(input.name));
  if (!name) errors.name = 'name.required';
  else if (name.length > 100) errors.name = 'name.long';
  const email = clean(input.email);
  if (email && (email.length > 254 || !EMAIL_PATTERN.test(email))) errors.email = 'email.invalid';
  else if (!email && (outcome === 'ticket' || outcome === 'escalated')) errors.email = 'email.required';
  const question = clean(input.question);
  if (!question) errors.question = 'question.required';
  else if (question.length > 20_000) errors.question = 'question.long';
  let subject = cleanLine(asText(input.subject));
  if (!subject) {
    const firstLine = cleanLine(question.split('\n')[0]);
    subject = firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine;
  } else if (subject.length > 200) errors.subject = 'subject.long';
  const category = clean(input.category);
  if (!category || !lookups.isCategory(category)) errors.category = 'category';
  const lang = clean(input.lang) as Lang;
  if (!(LANGS as readonly string[]).includes(lang)) errors.lang = 'lang';
  const solution = clean(input.solution) || null;
  if (solution && solution.length > 20_000) errors.solution = 'solution.long';
  const articleSlug = clean(input.articleSlug) || null;
  if (articleSlug) {
    const article = lookups.article(articleSlug);
    if (!article || article.status !== 'validated') errors.articleSlug = 'article.unknown';
    else if (outcome === 'solved' && article.audience !== 'public') errors.articleSlug = 'article.internal';
  }
  if (outcome === 'solved' && !solution && !articleSlug) errors.solution = 'solution.required';
  const reason = clean(input.reason) || null;
  if (outcome === 'escalated' && !reason) errors.reason = 'reason.required';
  else if (reason && reason.length > 5_000) errors.reason = 'reason.long';
  const secondsText = clean(input.handlingSeconds);
  let handlingSeconds: number | null = null;
  if (secondsText) {
    const seconds = Number(secondsText);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_HANDLING_SECONDS) errors.handlingSeconds = 'handling';
    else handlingSeconds = seconds;
  }
  if (Object.keys(errors).length > 0) throw new CallInputError(errors);
  return { outcome, name, email, subject, question, category, lang, solution, articleSlug, reason: outcome === 'escalated' ? reason : null, handlingSeconds };
}

/** The level a call's ticket belongs to: the agent's own level (admins: level 1). */
function callLevel(role: Role, config: DeskConfig): Level {
  return levelOfRole(role, config.levels) ?? 1;
}

/** The level an escalated call goes to: the one above the agent's, or null at the top. */
export function callEscalationLevel(role: Role, config: DeskConfig): Level | null {
  const own = callLevel(role, config);
  return own < topLevel(config.levels) ? ((own + 1) as Level) : null;
}

/** The result of ending a call: the new ticket and the outcome. */
export interface TakenCall {
  ticket: Ticket;
  outcome: CallOutcome;
  /** Whether an e-mail to the customer was queued. */
  emailed: boolean;
}

/**
 * Ends a call with its outcome, in one transaction: the ticket (channel phone, the caller's
 * question as first message, the handling time, who took the call), the outcome's state,
 * events and e-mail, and the end of the agent's call in progress. Throws CallInputError for
 * invalid input (nothing written) and Error for a role that does not take calls.
 */
export async function takeCall(
  database: Database,
  actor: Actor & { name?: string },
  input: CallInput,
  lookups: CallLookups,
  config: DeskConfig,
  now = Date.now(),
  random: () => number = Math.random,
): Promise<TakenCall> {
  if (!(CALL_ROLES as readonly string[]).includes(actor.role))
    throw new DomainError('forbidden', 'calls.error.role', { message: `Your role (${actor.role}) does not take calls.` });
  const values = validateCall(input, lookups);
  const escalateTo = values.outcome === 'escalated' ? callEscalationLevel(actor.role, config) : null;
  if (values.outcome === 'escalated' && escalateTo === null) throw new CallInputError({ outcome: 'escalate.top' });
  const token = randomBytes(32).toString('base64url');
  return writeTransaction(database, async (trx): Promise<TakenCall> => {
    const started = await trx.selectFrom('call_drafts').select('started_at').where('user_id', '=', actor.id).executeTakeFirst();
    const handlingSeconds = values.handlingSeconds ?? (started ? Math.min(MAX_HANDLING_SECONDS, Math.max(0, Math.round((now - started.started_at) / 1000))) : 0);
    const reference = await nextReferenceInChange(trx, new Date(now).getUTCFullYear());
    const ownLevel = callLevel(actor.role, config);
    const level: Level = escalateTo ?? ownLevel;
    const status: TicketStatus = values.outcome === 'solved' ? 'solved' : values.outcome === 'ticket' ? 'open' : 'new';
    const solution = values.solution ? values.solution.replaceAll('{ticket_reference}', reference) : null;
    const due = dueTimes(now, 'normal', 0, config);
    const { id } = await trx
      .insertInto('tickets')
      .values({
        reference,
        token_hash: hashToken(token),
        customer_name: values.name,
        customer_email: values.email,
        subject: values.subject,
        category: values.category,
        lang: values.lang,
        priority: 'normal',
        status,
        level,
        assignee_id: values.outcome === 'escalated' ? null : actor.id,
        channel: 'phone',
        solution,
        created_at: now,
        updated_at: now,
        first_response_due: due.firstResponseDue,
        // The caller spoke to an agent: that is the first response.
        first_response_at: now,
        solved_at: values.outcome === 'solved' ? now : null,
        version: 1,
        handling_seconds: handlingSeconds,
        call_agent_id: actor.id,
        call_agent_role: actor.role,
        call_outcome: values.outcome,
        resolution_due: due.resolutionDue,
        // Solved on the call: the clocks stand still until the customer says otherwise.
        waiting_since: values.outcome === 'solved' ? now : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeSealedTokenInChange(trx, id, token);
    const event = (type: string, fields: { from?: string | number | null; to?: string | number | null; detail?: string | null }): Promise<void> =>
      recordTicketEventInChange(trx, { ticketId: id, actorId: actor.id, type, version: 1, at: now, ...fields });
    await event('created', { to: 'new', detail: `phone call taken by the agent (${Math.round(handlingSeconds)} s)` });
    await writeMessageInChange(trx, { ticketId: id, kind: 'customer', authorId: null, body: values.question, version: 1, at: now });
    if (values.outcome === 'solved') {
      await event('assigned', { to: actor.id, detail: 'took the call' });
      await event('status', { from: 'new', to: 'solved', detail: solution ?? null });
    } else if (values.outcome === 'ticket') {
      await event('assigned', { to: actor.id, detail: 'took the call' });
      await event('status', { from: 'new', to: 'open' });
    } else {
      await event('escalated', { from: ownLevel, to: level, detail: values.reason });
      await assignInChange(
        trx,
        { id, level, category: values.category, assignee_id: null },
        { actorId: actor.id, version: 1, at: now, random, levels: config.levels, routing: config },
      );
    }
    if (values.articleSlug) await linkArticleInChange(trx, id, values.articleSlug, { actorId: actor.id, version: 1, at: now });
    await trx.deleteFrom('call_drafts').where('user_id', '=', actor.id).execute();
    const ticket = (await getTicket(trx, id))!;
    let emailed = false;
    if (ticket.customerEmail) {
      const mail = values.outcome === 'solved' ? callSolutionEmail(ticket, { summary: solution, articleSlug: values.articleSlug }, config) : confirmationEmail(ticket, config);
      await queueEmailInChange(trx, { to: ticket.customerEmail, subject: mail.subject, body: mail.body, ticketId: id }, now);
      emailed = true;
    }
    return { ticket, outcome: values.outcome, emailed };
  });
}

/**
 * Starts the agent's call (the server-side timer) unless one is in progress; returns when
 * the call in progress started.
 */
export async function startCall(database: Database, userId: number, now = Date.now()): Promise<number> {
  await database.kysely
    .insertInto('call_drafts')
    .values({ user_id: userId, started_at: now })
    .onConflict((conflict) => conflict.column('user_id').doNothing())
    .execute();
  return (await database.kysely.selectFrom('call_drafts').select('started_at').where('user_id', '=', userId).executeTakeFirstOrThrow()).started_at;
}

/** When the agent's call in progress started, or null. */
export async function callStartedAt(database: Database, userId: number): Promise<number | null> {
  return (await database.kysely.selectFrom('call_drafts').select('started_at').where('user_id', '=', userId).executeTakeFirst())?.started_at ?? null;
}

/** Ends the agent's call in progress without a ticket (a wrong number, a call to discard). */
export async function discardCall(database: Database, userId: number): Promise<void> {
  await database.kysely.deleteFrom('call_drafts').where('user_id', '=', userId).execute();
}

/** An earlier ticket of a caller. */
export interface CallerTicket {
  reference: string;
  customerName: string;
  customerEmail: string;
  subject: string;
  status: TicketStatus;
  channel: Ticket['channel'];
  lang: Lang;
  createdAt: number;
}

/**
 * The caller's earlier tickets, newest first, at most `limit`: by ticket reference (exact),
 * else by e-mail address or name (case-insensitive, containing the text; at least 3 characters).
 * Case rules the same on both engines: both sides through lower() (PostgreSQL's LIKE is
 * case-sensitive, SQLite's is not).
 */
export async function findCallerTickets(database: Database, query: string, limit = 20): Promise<CallerTicket[]> {
  const text = query.trim().slice(0, 200);
  if (!text) return [];
  const columns = ['reference', 'customer_name', 'customer_email', 'subject', 'status', 'channel', 'lang', 'created_at'] as const;
  const tickets = database.kysely.selectFrom('tickets');
  let rows: Pick<Selectable<TicketsTable>, (typeof columns)[number]>[];
  if (/^T-\d{4}-\d+$/i.test(text)) {
    const reference = text.toUpperCase();
    const ticket = await tickets.select('customer_email').where('reference', '=', reference).executeTakeFirst();
    // The reference identifies the caller: show all their tickets (by address), that one first.
    rows = ticket
      ? await tickets
          .select(columns)
          .where((eb) =>
            eb.or([
              eb('reference', '=', reference),
              eb.and([eb('customer_email', '<>', ''), eb(eb.fn('lower', ['customer_email']), '=', ticket.customer_email.toLowerCase())]),
            ]),
          )
          .orderBy(sql`CASE WHEN reference = ${reference} THEN 0 ELSE 1 END`)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      : [];
  } else {
    if (text.length < 3) return [];
    const like = `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    rows = await tickets
      .select(columns)
      .where((eb) => eb.or([sql<boolean>`lower(customer_email) LIKE ${like} ESCAPE '\\'`, sql<boolean>`lower(customer_name) LIKE ${like} ESCAPE '\\'`]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
  return rows.map((row) => ({
    reference: row.reference,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    subject: row.subject,
    status: row.status as TicketStatus,
    channel: row.channel as Ticket['channel'],
    lang: row.lang as Lang,
    createdAt: row.created_at,
  }));
}

export { formatDuration } from '../../duration.ts';
