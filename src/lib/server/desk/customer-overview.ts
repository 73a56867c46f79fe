/**
 * The staff's customer page data: everything the desk has from one e-mail address — the name
 * and language of the latest contact, the tickets (written, by e-mail) and the calls (tickets
 * with channel `phone`), newest first. Addresses compare without regard to case. Staff may
 * read every ticket, so the page is not limited by level.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
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

/** The customer with this address, or null when the desk has nothing from it (any case of the address, on both engines). */
export async function getCustomerOverview(database: Database, email: string): Promise<CustomerOverview | null> {
  const address = parseCustomerEmail(email);
  if (!address) return null;
  const rows = await database.kysely
    .selectFrom('tickets as t')
    .leftJoin('tickets as m', 'm.id', 't.merged_into')
    .select(['t.reference', 't.subject', 't.status', 't.level', 't.channel', 't.created_at', 't.customer_name', 't.lang', 'm.reference as merged_into'])
    .where(sql`lower(t.customer_email)`, '=', address)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(CUSTOMER_LIST_LIMIT * 2)
    .execute();
  if (rows.length === 0) return null;
  const entries = rows.map((row) => ({
    reference: row.reference,
    subject: row.subject,
    status: row.status as TicketStatus,
    level: row.level as Level,
    channel: row.channel as Channel,
    createdAt: row.created_at,
    mergedInto: row.merged_into,
  }));
  return {
    email: address,
    name: rows[0]!.customer_name,
    lang: rows[0]!.lang as Lang,
    tickets: entries.filter((entry) => entry.channel !== 'phone').slice(0, CUSTOMER_LIST_LIMIT),
    calls: entries.filter((entry) => entry.channel === 'phone').slice(0, CUSTOMER_LIST_LIMIT),
  };
}

/** The staff link to a customer's page. */
export function customerHref(email: string): string {
  return `/staff/customers?email=${encodeURIComponent(email.trim().toLowerCase())}`;
}
