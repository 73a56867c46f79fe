/**
 * The collision warning's data: which other agents have a ticket open right now, and whether
 * they are only viewing or writing a reply or note. Each open ticket page sends a heartbeat
 * (`markPresence`); a row lives `PRESENCE_TTL_MS` past its last heartbeat and is removed when
 * the page is left (`leavePresence`). Rules that always hold: an agent never sees themself;
 * an expired row never counts (expired rows are swept on every heartbeat); everything is in
 * the database, so several server processes agree. `now` is injectable.
 */
import { statement, type Db } from '../platform/db.ts';

/** What another agent is doing on the ticket. */
export type PresenceState = 'viewing' | 'replying';

/** How long a heartbeat keeps an agent present (the page beats every few seconds). */
export const PRESENCE_TTL_MS = 10_000;

/** One other agent on the ticket. */
export interface Presence {
  userId: number;
  name: string;
  state: PresenceState;
}

/** True for a valid presence state. */
export function isPresenceState(value: unknown): value is PresenceState {
  return value === 'viewing' || value === 'replying';
}

/**
 * Records (or renews) that `userId` has the ticket open, until `now + ttl`; sweeps expired
 * rows. `page` names the page load that beats (see `leavePresence`).
 */
export function markPresence(db: Db, input: { userId: number; ticketId: number; state: PresenceState; now: number; ttl?: number; page?: string }): void {
  const expires = input.now + (input.ttl ?? PRESENCE_TTL_MS);
  db.transaction(() => {
    statement(db, 'DELETE FROM ticket_presence WHERE expires_at <= ?').run(input.now);
    statement(
      db,
      `INSERT INTO ticket_presence (user_id, ticket_id, state, expires_at, page) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, ticket_id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at, page = excluded.page`,
    ).run(input.userId, input.ticketId, input.state, expires, input.page ?? '');
  }).immediate();
}

/**
 * Removes `userId` from the ticket at once (the page was closed or left) — unless another page
 * load of theirs has beaten since (a reload's goodbye can arrive after the new page's hello).
 */
export function leavePresence(db: Db, userId: number, ticketId: number, page = ''): void {
  statement(db, 'DELETE FROM ticket_presence WHERE user_id = ? AND ticket_id = ? AND page = ?').run(userId, ticketId, page);
}

/** The other agents on the ticket at `now`, by name (replying first). */
export function othersOnTicket(db: Db, ticketId: number, userId: number, now: number): Presence[] {
  return (
    statement(
      db,
      `SELECT p.user_id AS userId, u.name AS name, p.state AS state FROM ticket_presence p JOIN users u ON u.id = p.user_id
       WHERE p.ticket_id = ? AND p.user_id <> ? AND p.expires_at > ? AND u.disabled = 0
       ORDER BY p.state = 'replying' DESC, u.name`,
    ).all(ticketId, userId, now) as Presence[]
  );
}
