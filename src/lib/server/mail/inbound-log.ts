/**
 * Reading the record of incoming mail (`mail_inbound`) for staff: the admin list of what
 * came in and what became of it (above all the unprocessed mails, with their reason), and one
 * mail's original. Who may read which mail: admins every mail; other staff only mails that
 * belong to a ticket (every agent can open every ticket page). On Kysely, both engines (issue 17).
 */
import type { Database } from '../platform/database/connect.ts';
import type { InboundOutcome } from './process-inbound.ts';
import type { Role } from '../accounts/roles.ts';

/** The outcomes in the order the admin page lists them. */
export const INBOUND_OUTCOMES: readonly InboundOutcome[] = ['unprocessed', 'ignored', 'ticket', 'reply'];

/** One incoming mail as staff see it. */
export interface InboundMail {
  id: number;
  from: string;
  subject: string;
  outcome: InboundOutcome;
  reason: string | null;
  ticketId: number | null;
  ticketReference: string | null;
  receivedAt: number;
  movedAt: number | null;
}

/** One incoming mail with its original and its sanitised HTML. */
export interface InboundMailDetail extends InboundMail {
  raw: string;
  /** Sanitised when the mail came in; null for a text-only mail. */
  html: string | null;
}

interface Row {
  id: number;
  from_address: string;
  subject: string;
  outcome: InboundOutcome;
  reason: string | null;
  ticket_id: number | null;
  reference: string | null;
  received_at: number;
  moved_at: number | null;
  raw?: string;
  html?: string | null;
}

function toMail(row: Row): InboundMail {
  return {
    id: row.id,
    from: row.from_address,
    subject: row.subject,
    outcome: row.outcome,
    reason: row.reason,
    ticketId: row.ticket_id,
    ticketReference: row.reference,
    receivedAt: row.received_at,
    movedAt: row.moved_at,
  };
}

/** The mails with their ticket's reference (the columns every reader shows). */
function inboundRows(database: Database) {
  return database.kysely
    .selectFrom('mail_inbound as m')
    .leftJoin('tickets as t', 't.id', 'm.ticket_id')
    .select(['m.id', 'm.from_address', 'm.subject', 'm.outcome', 'm.reason', 'm.ticket_id', 't.reference', 'm.received_at', 'm.moved_at']);
}

/** Incoming mails, newest first, optionally of one outcome. */
export async function listInbound(database: Database, options: { outcome?: InboundOutcome; limit?: number } = {}): Promise<InboundMail[]> {
  let query = inboundRows(database);
  if (options.outcome) query = query.where('m.outcome', '=', options.outcome);
  const rows = await query.orderBy('m.id', 'desc').limit(options.limit ?? 200).execute();
  return (rows as Row[]).map(toMail);
}

/** How many mails had each outcome. */
export async function countInbound(database: Database): Promise<Record<InboundOutcome, number>> {
  const counts: Record<InboundOutcome, number> = { unprocessed: 0, ignored: 0, ticket: 0, reply: 0 };
  const rows = await database.kysely.selectFrom('mail_inbound').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('outcome').execute();
  for (const row of rows) counts[row.outcome as InboundOutcome] = Number(row.n);
  return counts;
}

/** One mail with its original, or null. Check `rolesForInbound` before showing it. */
export async function getInbound(database: Database, id: number): Promise<InboundMailDetail | null> {
  const row = (await inboundRows(database).select(['m.raw', 'm.html']).where('m.id', '=', id).executeTakeFirst()) as Row | undefined;
  return row ? { ...toMail(row), raw: row.raw ?? '', html: row.html ?? null } : null;
}

/** Who may read a mail: every staff role when it belongs to a ticket (undefined: any), else admins only. */
export function rolesForInbound(mail: Pick<InboundMail, 'ticketId'> | null): readonly Role[] | undefined {
  return mail && mail.ticketId !== null ? undefined : ['admin'];
}

/** The mails that came in for a ticket, oldest first (for links from the ticket page). */
export async function inboundOfTicket(database: Database, ticketId: number): Promise<InboundMail[]> {
  return ((await inboundRows(database).where('m.ticket_id', '=', ticketId).orderBy('m.id').execute()) as Row[]).map(toMail);
}
