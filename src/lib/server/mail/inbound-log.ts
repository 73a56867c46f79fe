/**
 * Reading the record of incoming mail (`mail_inbound`) for staff: the admin list of what
 * came in and what became of it (above all the unprocessed mails, with their reason), and one
 * mail's original. Who may read which mail: admins every mail; other staff only mails that
 * belong to a ticket (every agent can open every ticket page).
 */
import { statement, type Db } from '../platform/db.ts';
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

const COLUMNS = 'm.id, m.from_address, m.subject, m.outcome, m.reason, m.ticket_id, t.reference, m.received_at, m.moved_at';

/** Incoming mails, newest first, optionally of one outcome. */
export function listInbound(db: Db, options: { outcome?: InboundOutcome; limit?: number } = {}): InboundMail[] {
  const limit = options.limit ?? 200;
  const rows = options.outcome
    ? statement(db, `SELECT ${COLUMNS} FROM mail_inbound m LEFT JOIN tickets t ON t.id = m.ticket_id WHERE m.outcome = ? ORDER BY m.id DESC LIMIT ?`).all(options.outcome, limit)
    : statement(db, `SELECT ${COLUMNS} FROM mail_inbound m LEFT JOIN tickets t ON t.id = m.ticket_id ORDER BY m.id DESC LIMIT ?`).all(limit);
  return (rows as Row[]).map(toMail);
}

/** How many mails had each outcome. */
export function countInbound(db: Db): Record<InboundOutcome, number> {
  const counts: Record<InboundOutcome, number> = { unprocessed: 0, ignored: 0, ticket: 0, reply: 0 };
  for (const row of statement(db, 'SELECT outcome, count(*) AS n FROM mail_inbound GROUP BY outcome').all() as { outcome: InboundOutcome; n: number }[]) {
    counts[row.outcome] = row.n;
  }
  return counts;
}

/** One mail with its original, or null. Check `rolesForInbound` before showing it. */
export function getInbound(db: Db, id: number): InboundMailDetail | null {
  const row = statement(db, `SELECT ${COLUMNS}, m.raw, m.html FROM mail_inbound m LEFT JOIN tickets t ON t.id = m.ticket_id WHERE m.id = ?`).get(id) as Row | undefined;
  return row ? { ...toMail(row), raw: row.raw ?? '', html: row.html ?? null } : null;
}

/** Who may read a mail: every staff role when it belongs to a ticket (undefined: any), else admins only. */
export function rolesForInbound(mail: Pick<InboundMail, 'ticketId'> | null): readonly Role[] | undefined {
  return mail && mail.ticketId !== null ? undefined : ['admin'];
}

/** The mails that came in for a ticket, oldest first (for links from the ticket page). */
export function inboundOfTicket(db: Db, ticketId: number): InboundMail[] {
  return (statement(db, `SELECT ${COLUMNS} FROM mail_inbound m LEFT JOIN tickets t ON t.id = m.ticket_id WHERE m.ticket_id = ? ORDER BY m.id`).all(ticketId) as Row[]).map(toMail);
}
