/**
 * `sendStatusLinks`: "send me my link again" from the status page. Rules that always hold:
 * - The caller's answer never depends on whether the address has tickets (this returns
 *   nothing the page could show; the count is for tests and logs only, never the address).
 * - At most one mail per call, to that very address, listing its requests that are not closed
 *   (newest first, at most 20), each as a placeholder the outbox fills with the private link
 *   (it fills only links of tickets of the mail's recipient).
 * - A ticket from before sealed tokens (no `token_sealed`) gets a new token here, in the same
 *   transaction as the mail; its old link stops working (it was never recoverable).
 * Rate limits are the action's business (per client and per address).
 */
import { statement, type Db } from '../platform/db.ts';
import { hashToken } from '../desk/ticket-lookup.ts';
import { newStatusToken, storeSealedTokenInChange } from '../desk/status-token.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import type { Lang } from '../../languages.ts';
import { statusLinksEmail } from './desk-emails.ts';
import { queueEmail } from './outbox.ts';

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
export function sendStatusLinks(db: Db, options: SendStatusLinksOptions): number {
  const address = normaliseLookupAddress(options.email);
  if (!address) return 0;
  const now = options.now ?? Date.now();
  return db
    .transaction((): number => {
      const rows = statement(
        db,
        `SELECT id, reference, subject, customer_email, token_sealed FROM tickets
         WHERE lower(customer_email) = ? AND status != 'closed' ORDER BY created_at DESC, id DESC LIMIT ?`,
      ).all(address, MAX_LISTED) as { id: number; reference: string; subject: string; customer_email: string; token_sealed: string | null }[];
      if (rows.length === 0) return 0;
      for (const row of rows) {
        if (row.token_sealed) continue;
        const token = newStatusToken();
        statement(db, 'UPDATE tickets SET token_hash = ? WHERE id = ?').run(hashToken(token), row.id);
        storeSealedTokenInChange(db, row.id, token);
      }
      const mail = statusLinksEmail(options.lang, rows, options.config);
      // Sent to the address as the tickets hold it; no ticket id: the mail is about several.
      queueEmail(db, { to: rows[0].customer_email, subject: mail.subject, body: mail.body, ticketId: null }, now);
      return rows.length;
    })
    .immediate();
}
