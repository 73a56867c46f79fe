/**
 * The customer's status-link token of a ticket: made once at creation, stored twice — its
 * SHA-256 for lookups (ticket-lookup.ts) and sealed with AES-GCM for the mails
 * (mail/status-link-seal.ts). Never stored or logged in clear.
 */
import { randomBytes } from 'node:crypto';
import type { Trx } from '../platform/database/write-transaction.ts';
import { sealToken } from '../mail/status-link-seal.ts';

/** A new token: 32 random bytes in base64url (43 characters). */
export function newStatusToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Keeps the sealed token of a just-created ticket (inside the creating transaction). */
export async function storeSealedTokenInChange(trx: Trx, ticketId: number, token: string): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({ token_sealed: sealToken(token, ticketId) })
    .where('id', '=', ticketId)
    .execute();
}
