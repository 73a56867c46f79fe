/**
 * `createTicket`: a ticket from the customer form, in one transaction with everything that
 * belongs to it (reference, token hash, first message, `created` event, first-response due
 * time, assignment, confirmation e-mail in the outbox, the visit's search trail). Either all
 * of it is written or nothing. `createTicketGrouped` is the same command for requests: it goes
 * through the group committer (platform/group-commit.ts), so tickets arriving together share
 * one commit and fsync, and it resolves only once that commit is on the disk; the form's
 * per-client limit is counted in the same job (a refused ticket counts nothing, a counted
 * hit is rolled back with a ticket that fails).
 * The confirmation's article suggestions are not searched here: the mail holds their line,
 * and the outbox finds them while sending (mail/outbox.ts).
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { confirmationEmail } from '../mail/desk-emails.ts';
import { queueEmailInChange } from '../mail/outbox.ts';
import type { Database } from '../platform/database/connect.ts';
import { engineOf, writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { groupedWrite } from '../platform/group-commit.ts';
import type { RateLimitOptions } from '../platform/rate-limit.ts';
import { SharedRateLimiter } from '../platform/shared-rate-limit.ts';
import { recordTicketSearches } from '../search/analytics.ts';
import { recordVisitInChange } from '../search/visits.ts';
import { assignInChange } from './assignment.ts';
import { dueTimes } from './due-times.ts';
import type { DeskConfig } from './desk-config.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange, writeMessageInChange } from './events.ts';
import { ticketInputSchema, type TicketInput } from './ticket-input.ts';
import { hashToken } from './ticket-lookup.ts';
import { newStatusToken, storeSealedTokenInChange } from './status-token.ts';
import { nextReferenceInChange } from './ticket-reference.ts';
import { toTicket, type TicketRow } from './ticket-row.ts';
import type { Ticket } from './types.ts';
import { recordForLatestMessageInChange, type StoredFile } from '../attachments/attachment-store.ts';

/** What `createTicket` is given. */
export interface CreateTicketOptions {
  /** The form as submitted; validated here again. */
  input: TicketInput;
  config: DeskConfig;
  now?: number;
  /** Picks among equally loaded agents; injectable for tests. */
  random?: () => number;
  /** Where the request came in: the web form (default) or an e-mail to the support address. */
  channel?: 'web' | 'email';
  /** Files already written (attachments/accept-uploads.ts), recorded with the first message. */
  attachments?: readonly StoredFile[];
  /** The confirmation mail suggests articles (found by the outbox while sending; the web form). */
  suggestArticles?: boolean;
}

/**
 * Creates a ticket from the customer form in one transaction: the next reference of the
 * year, a secret token (its SHA-256 for lookups and sealed for the mails; status-token.ts), the
 * description as first message, a `created` event, the first-response and resolution due times
 * of priority normal (business hours), assignment to a present
 * first-level agent (or the level-1 queue), and the confirmation e-mail in the outbox.
 * Returns the ticket and the token (the only time it exists in clear: it goes into the
 * confirmation page and mail). Throws DeskError 'invalid' for input the schema rejects.
 */
export async function createTicket(database: Database, options: CreateTicketOptions): Promise<{ ticket: Ticket; token: string }> {
  const prepared = prepareTicket(options);
  return writeTransaction(database, (trx) => writeTicketInChange(trx, options, prepared));
}

/** The checked form and the new token (made outside any transaction). */
interface PreparedTicket {
  data: z.output<typeof ticketInputSchema>;
  token: string;
}

/** Validates the form (DeskError 'invalid') and makes the token. */
function prepareTicket(options: CreateTicketOptions): PreparedTicket {
  const parsed = ticketInputSchema.safeParse(options.input);
  if (!parsed.success) throw new DeskError('invalid', 'ticket.error.title', { message: parsed.error.issues.map((issue) => issue.message).join(' ') });
  return { data: parsed.data, token: newStatusToken() };
}

/** `createTicket` inside the caller's write transaction (an e-mail processed into a ticket). */
export async function createTicketInChange(trx: Trx, options: CreateTicketOptions): Promise<{ ticket: Ticket; token: string }> {
  return writeTicketInChange(trx, options, prepareTicket(options));
}

/**
 * Writes the ticket and everything that belongs to it inside the caller's transaction.
 * What concurrent creations must take one at a time (on PostgreSQL each is held until the
 * commit) comes last, so that everything else of two creations overlaps: `serialised` (the
 * form's per-client count), then the year's reference row, then the assignment (lock 'desk
 * assignment', the agents' loads; the assignee's notification names the reference), then the
 * confirmation mail. Until then the ticket carries a provisional reference of its own
 * (unique, never committed, never in a mail). The reference row is taken before the
 * assignment lock, as in every transaction that takes both (calls/calls.ts too), so none
 * waits in a circle. (The insights' day row is bumped at commit: migration 26.)
 */
async function writeTicketInChange(
  trx: Trx,
  options: CreateTicketOptions,
  { data, token }: PreparedTicket,
  serialised?: (trx: Trx) => Promise<void>,
): Promise<{ ticket: Ticket; token: string }> {
  const { config, now = Date.now(), random = Math.random } = options;
  const due = dueTimes(now, 'normal', 0, config);
  const tokenHash = hashToken(token);
  const { id } = await trx
    .insertInto('tickets')
    .values({
      reference: provisionalReference(tokenHash),
      token_hash: tokenHash,
      customer_name: data.name,
      customer_email: data.email,
      subject: data.subject,
      category: data.category,
      lang: data.lang,
      priority: 'normal',
      status: 'new',
      level: 1,
      source_query: data.sourceQuery ?? null,
      source_article: data.sourceArticle ?? null,
      visit_id: data.visitId ?? null,
      created_at: now,
      updated_at: now,
      first_response_due: due.firstResponseDue,
      resolution_due: due.resolutionDue,
      version: 1,
      channel: options.channel ?? 'web',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await storeSealedTokenInChange(trx, id, token);
  // For the insights: the visit opened a ticket, after searching for what?
  if (data.visitId) await recordVisitInChange(trx, data.visitId, now, { tickets: 1 });
  await recordTicketSearches(trx, { visitId: data.visitId, sourceQuery: data.sourceQuery, lang: data.lang, at: now });
  await recordTicketEventInChange(trx, { ticketId: id, actorId: null, type: 'created', to: 'new', version: 1, at: now });
  await writeMessageInChange(trx, { ticketId: id, kind: 'customer', authorId: null, body: data.description, version: 1, at: now });
  await recordForLatestMessageInChange(trx, id, 'customer', options.attachments, now);
  // From here on, one creation at a time (see above): keep it short.
  if (serialised) await serialised(trx);
  // The reference year is the UTC year, so it does not depend on the server's time zone.
  const row = await giveReferenceInChange(trx, id, new Date(now).getUTCFullYear());
  // Assignment is part of creation (version 1), not a second change; it sets only the assignee.
  const assignee = await assignInChange(trx, { id, level: 1, category: data.category, assignee_id: null }, { actorId: null, version: 1, at: now, random, levels: config.levels, routing: config });
  const ticket = toTicket({ ...row, assignee_id: assignee });
  const mail = confirmationEmail(ticket, config, options.suggestArticles ?? false);
  await queueEmailInChange(trx, { to: ticket.customerEmail, subject: mail.subject, body: mail.body, ticketId: id }, now);
  return { ticket, token };
}

/**
 * Gives the ticket the next reference of the year (ticket-reference.ts: the year's row stays
 * locked until the commit) and returns its row. On PostgreSQL one statement, the same format
 * as `formatReference` (`T-2026-000123`): one round trip less in the serialised end.
 */
async function giveReferenceInChange(trx: Trx, id: number, year: number): Promise<TicketRow> {
  if (engineOf(trx) === 'postgres') {
    const { rows } = await sql<TicketRow>`
      WITH next AS (
        INSERT INTO ticket_sequence (year, last) VALUES (${year}, 1)
        ON CONFLICT (year) DO UPDATE SET last = ticket_sequence.last + 1 RETURNING last)
      UPDATE tickets SET reference = ${`T-${year}-`} || lpad(next.last::text, greatest(6, length(next.last::text)), '0')
      FROM next WHERE tickets.id = ${id} RETURNING tickets.*`.execute(trx);
    return rows[0]!;
  }
  const reference = await nextReferenceInChange(trx, year);
  return (await trx.updateTable('tickets').set({ reference }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as TicketRow;
}

/**
 * The reference a ticket carries inside its creating transaction until the year's number is
 * taken (at its end): unique by the token's hash, and not of the `T-year-number` form.
 */
function provisionalReference(tokenHash: string): string {
  return `pending-${tokenHash}`;
}

/** A per-client limit counted with the ticket (platform/shared-rate-limit.ts). */
export interface TicketFormLimit {
  bucket: string;
  options: RateLimitOptions;
  key: string;
}

/** The form's per-client limit refused the ticket; nothing was written. */
export class TicketRateLimited extends Error {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super(`ticket refused by the per-client limit; retry in ${retryAfterMs} ms`);
    this.name = 'TicketRateLimited';
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * `createTicket` in the next group commit: the ticket is written in its own savepoint of a
 * transaction shared with the other writes queued in the same turn, and the promise resolves
 * once that transaction is committed (durable). With `limit`, the hit is counted in the
 * same savepoint (one capped count, no transaction of its own; on SQLite first, on
 * PostgreSQL in the serialised end after a peek): beyond the limit it rejects with
 * TicketRateLimited and writes nothing. Rejects with the same DeskError as
 * `createTicket` for this ticket's own failure (its hit rolled back with it), or with the
 * storage error that rolled back the whole batch. On PostgreSQL the same in a transaction of
 * its own (no group committer: the server groups concurrent commits' WAL flushes).
 */
export async function createTicketGrouped(database: Database, options: CreateTicketOptions & { limit?: TicketFormLimit }): Promise<{ ticket: Ticket; token: string }> {
  const prepared = prepareTicket(options);
  const { limit } = options;
  if (!limit) return groupedWrite(database, (trx) => writeTicketInChange(trx, options, prepared));
  const limiter = new SharedRateLimiter(database, limit.bucket, limit.options);
  const count = async (trx: Trx): Promise<void> => {
    const allowed = await limiter.consumeIn(trx, limit.key, options.now ?? Date.now());
    if (!allowed.allowed) throw new TicketRateLimited(allowed.retryAfterMs);
  };
  if (database.engine === 'sqlite') {
    // One writer at a time anyway: count first, so that a refused ticket costs nothing.
    return groupedWrite(database, async (trx) => {
      await count(trx);
      return writeTicketInChange(trx, options, prepared);
    });
  }
  // PostgreSQL: the count locks the client's key until the commit, so it comes in the
  // serialised end of the creation (a refused ticket is rolled back there: nothing stays). A
  // client already over its limit is turned away before anything is written, so that a flood
  // from one address costs a read per request, not a whole creation rolled back.
  const before = await limiter.peek(limit.key, options.now ?? Date.now());
  if (!before.allowed) throw new TicketRateLimited(before.retryAfterMs);
  return groupedWrite(database, (trx) => writeTicketInChange(trx, options, prepared, count));
}
