/**
 * The staff's customer list (/staff/customers without an address): everyone the desk has
 * tickets or calls from, one row per e-mail address (compared without regard to case), most
 * recent contact first, with the name and language of that contact, how many tickets and how
 * many of them are open. Optionally filtered by a part of the name or the address. Staff may
 * read every ticket, so the list is not limited by level. Both engines.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import type { Lang } from '../../languages.ts';
import { OPEN_STATUSES } from './vocabulary.ts';

/** One customer in the list. */
export interface CustomerSummary {
  email: string;
  name: string;
  lang: Lang;
  tickets: number;
  open: number;
  lastContact: number;
}

/** Rows per list. */
export const CUSTOMER_PAGE_SIZE = 50;

/** `%` and `_` typed by a person match themselves, not any text. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The customers matching `q` (name or address, any case), most recent contact first; `more` when the list was cut at the page size. */
export async function listCustomers(database: Database, options: { q?: string } = {}): Promise<{ customers: CustomerSummary[]; more: boolean }> {
  const q = (options.q ?? '').trim().slice(0, 200);
  const email = sql<string>`lower(customer_email)`;
  let query = database.kysely
    .selectFrom('tickets')
    .select([
      email.as('email'),
      sql<number>`count(*)`.as('tickets'),
      sql<number>`sum(case when status in (${sql.join(OPEN_STATUSES)}) then 1 else 0 end)`.as('open'),
      sql<number>`max(created_at)`.as('last_contact'),
    ])
    .where('customer_email', '!=', '');
  if (q) {
    const pattern = likePattern(q);
    query = query.where((eb) => eb.or([eb(sql`lower(customer_email)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(customer_name)`, 'like', sql`${pattern} escape '\\'`)]));
  }
  const groups = await query.groupBy(email).orderBy(sql`max(created_at)`, 'desc').orderBy(email).limit(CUSTOMER_PAGE_SIZE + 1).execute();
  const shown = groups.slice(0, CUSTOMER_PAGE_SIZE);
  if (shown.length === 0) return { customers: [], more: false };
  // The name and language of each customer's latest contact.
  const latest = await database.kysely
    .selectFrom('tickets')
    .select([email.as('email'), 'customer_name', 'lang', 'created_at'])
    .where(email, 'in', shown.map((group) => group.email))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const contact = new Map<string, { name: string; lang: Lang }>();
  for (const row of latest) if (!contact.has(row.email)) contact.set(row.email, { name: row.customer_name, lang: row.lang as Lang });
  return {
    customers: shown.map((group) => ({
      email: group.email,
      name: contact.get(group.email)?.name ?? group.email,
      lang: contact.get(group.email)?.lang ?? 'en',
      tickets: Number(group.tickets),
      open: Number(group.open),
      lastContact: Number(group.last_contact),
    })),
    more: groups.length > CUSTOMER_PAGE_SIZE,
  };
}
