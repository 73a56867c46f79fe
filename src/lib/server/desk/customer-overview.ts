/**
 * The staff's customer page data: everything the desk has from one e-mail address — the name
 * and language of the latest contact, the tickets (written, by e-mail) and the calls (tickets
 * with channel `phone`), newest first. Addresses compare without regard to case. Staff may
 * read every ticket, so the page is not limited by level.
 */
import { statement, type Db } from '../platform/db.ts';
import type { Lang } from '../../languages.ts';
import type { Channel, Level, TicketStatus } from './vocabulary.ts';

/** One ticket or call of the customer. */
export interface CustomerTicket {
  reference: string;
  subject: string;
  status: TicketStatus;
  level: Level;
  channel: Channel;
  createdAt: number;
  /** For a merged ticket: the reference it went into. */
  mergedInto: string | null;
}

/** A customer as the desk knows them. */
export interface CustomerOverview {
  email: string;
  name: string;
  lang: Lang;
  tickets: CustomerTicket[];
  calls: CustomerTicket[];
}

/** The most rows listed per kind: a customer with more has their newest ones shown. */
export const CUSTOMER_LIST_LIMIT = 200;

/** A plausible e-mail address (what the page accepts as its parameter), lower-cased, or null. */
export function parseCustomerEmail(value: string | null | undefined): string | null {
  const email = (value ?? '').trim().toLowerCase();
  return email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** The customer with this address, or null when the desk has nothing from it. */
export function getCustomerOverview(db: Db, email: string): CustomerOverview | null {
  const address = parseCustomerEmail(email);
  if (!address) return null;
  const rows = statement(
    db,
    `SELECT t.reference, t.subject, t.status, t.level, t.channel, t.created_at, t.customer_name, t.lang, m.reference AS merged_into
     FROM tickets t LEFT JOIN tickets m ON m.id = t.merged_into
     WHERE t.customer_email = ? COLLATE NOCASE ORDER BY t.created_at DESC, t.id DESC LIMIT ?`,
  ).all(address, CUSTOMER_LIST_LIMIT * 2) as {
    reference: string;
    subject: string;
    status: TicketStatus;
    level: Level;
    channel: Channel;
    created_at: number;
    customer_name: string;
    lang: Lang;
    merged_into: string | null;
  }[];
  if (rows.length === 0) return null;
  const entries = rows.map((row) => ({ reference: row.reference, subject: row.subject, status: row.status, level: row.level, channel: row.channel, createdAt: row.created_at, mergedInto: row.merged_into }));
  return {
    email: address,
    name: rows[0].customer_name,
    lang: rows[0].lang,
    tickets: entries.filter((entry) => entry.channel !== 'phone').slice(0, CUSTOMER_LIST_LIMIT),
    calls: entries.filter((entry) => entry.channel === 'phone').slice(0, CUSTOMER_LIST_LIMIT),
  };
}

/** The staff link to a customer's page. */
export function customerHref(email: string): string {
  return `/staff/customers?email=${encodeURIComponent(email.trim().toLowerCase())}`;
}
