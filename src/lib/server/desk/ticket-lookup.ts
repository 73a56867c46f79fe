/**
 * Finding one ticket: by id, by reference, or by the customer's secret status-link token
 * (only its SHA-256 is stored and compared in constant time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { statement, type Db } from '../platform/db.ts';
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
export function findTicketByToken(db: Db, token: unknown): Ticket | null {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const row = statement(db, 'SELECT * FROM tickets WHERE token_hash = ?').get(hash) as TicketRow | undefined;
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return toTicket(row);
}

/** A ticket by id, or null. */
export function getTicket(db: Db, ticketId: number): Ticket | null {
  const row = loadRow(db, ticketId);
  return row ? toTicket(row) : null;
}

/** A ticket by reference (`T-2026-000123`, case and surrounding spaces ignored), or null. */
export function getTicketByReference(db: Db, reference: string): Ticket | null {
  const row = statement(db, 'SELECT * FROM tickets WHERE reference = ?').get(reference.trim().toUpperCase()) as TicketRow | undefined;
  return row ? toTicket(row) : null;
}
