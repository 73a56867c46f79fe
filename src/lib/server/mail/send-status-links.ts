/**
 * `sendStatusLinks`: "send me my link again" from the status page. Rules that always hold:
 * - The caller's answer never depends on whether the address has tickets (this returns
 *   nothing the page could show; the count is for tests and logs only, never the address).
 * - At most one mail per call, to that very address, listing its requests that are not closed
 *   (newest first, at most 20), each as a placeholder the outbox fills with the private link
 *   (it fills only links of tickets of the mail's recipient).
 * - A ticket from before sealed tokens (no `token_sealed`) gets a new token here, in the same
 *   transaction as the mail; its old link stops working (it was never recoverable).
 * Rate limits are the action's business (per client and per address). On Kysely, both engines (issue 17).
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import { hashToken } from '../desk/ticket-lookup.ts';
import { newStatusToken } from '../desk/status-token.ts';
import { sealToken } from './status-link-seal.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import type { Lang } from '../../languages.ts';
import { statusLinksEmail } from './desk-emails.ts';
import { queueEmailInChange } from './outbox.ts';

const MAX_LISTED = 20;

/** What `sendStatusLinks` is given. */
export interface SendStatusLinksOptions {
  /** The address as typed; compared without case and surrounding spaces. */
  email: string;
  /** The language of the mail (the reader's). */
  lang: Lang;
  config: DeskConfig;
  now?: number;
}

/** The normalised address, or null when it cannot be an e-mail address. */
export function normaliseLookupAddress(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const address = value.trim().toLowerCase();
  return address.length <= 254 && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(address) ? address : null;
}

/** Queues the mail with the links when the address has requests that are not closed; returns how many are listed. */
export async function sendStatusLinks(database: Database, options: SendStatusLinksOptions): Promise<number> {
  const address = normaliseLookupAddress(options.email);
  if (!address) return 0;
  const now = options.now ?? Date.now();
  return writeTransaction(database, async (trx): Promise<number> => {
    const rows = await trx
      .selectFrom('tickets')
      .select(['id', 'reference', 'subject', 'customer_email', 'token_sealed'])
      .where(sql`lower(customer_email)`, '=', address)
      .where('status', '!=', 'closed')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MAX_LISTED)
      .execute();
    if (rows.length === 0) return 0;
    for (const row of rows) {
      if (row.token_sealed) continue;
      const token = newStatusToken();
      // The new token's hash and its sealed form (as storeSealedTokenInChange writes it).
      await trx.updateTable('tickets').set({ token_hash: hashToken(token), token_sealed: sealToken(token, row.id) }).where('id', '=', row.id).execute();
    }
    const mail = statusLinksEmail(options.lang, rows, options.config);
    // Sent to the address as the tickets hold it; no ticket id: the mail is about several.
    await queueEmailInChange(trx, { to: rows[0]!.customer_email, subject: mail.subject, body: mail.body, ticketId: null }, now);
    return rows.length;
  });
}
