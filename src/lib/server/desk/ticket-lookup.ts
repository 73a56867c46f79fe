/**
 * Finding one ticket: by id, by reference, or by the customer's secret status-link token
 * (only its SHA-256 is stored and compared in constant time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { queryOf, type Queryable } from '../platform/database/write-transaction.ts';
import { loadRow, toTicket, type TicketRow } from './ticket-row.ts';
import type { Ticket } from './types.ts';

/** The SHA-256 (hex) under which a status-link token is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 random bytes in base64url: exactly 43 characters of [A-Za-z0-9_-]. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The ticket behind a customer's status-link token, or null for anything wrong (malformed,
 * unknown). Only the token's hash is looked up, and the stored hash is compared in constant
 * time, so neither the database nor timing reveals anything about valid tokens.
 */
export async function findTicketByToken(db: Queryable, token: unknown): Promise<Ticket | null> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const row = (await queryOf(db).selectFrom('tickets').selectAll().where('token_hash', '=', hash).executeTakeFirst()) as TicketRow | undefined;
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return toTicket(row);
}

/** A ticket by id, or null. */
export async function getTicket(db: Queryable, ticketId: number): Promise<Ticket | null> {
  const row = await loadRow(queryOf(db), ticketId);
  return row ? toTicket(row) : null;
}

/** A ticket by reference (`T-2026-000123`, case and surrounding spaces ignored), or null. */
export async function getTicketByReference(db: Queryable, reference: string): Promise<Ticket | null> {
  const row = (await queryOf(db).selectFrom('tickets').selectAll().where('reference', '=', reference.trim().toUpperCase()).executeTakeFirst()) as TicketRow | undefined;
  return row ? toTicket(row) : null;
}
