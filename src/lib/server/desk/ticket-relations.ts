/**
 * Reads about how tickets hang together: the tickets related to one (both ways), where a
 * merged ticket went, and which tickets were merged into one. Staff may read every ticket,
 * so these lists are not limited by level.
 */
import { statement, type Db } from '../platform/db.ts';
import type { TicketStatus } from './vocabulary.ts';

/** Another ticket as the side column lists it. */
export interface TicketLink {
  reference: string;
  subject: string;
  status: TicketStatus;
}

/** The tickets related to `ticketId`, by reference. */
export function listRelatedTickets(db: Db, ticketId: number): TicketLink[] {
  return statement(
    db,
    `SELECT t.reference, t.subject, t.status FROM ticket_relations r
     JOIN tickets t ON t.id = CASE WHEN r.low_id = @id THEN r.high_id ELSE r.low_id END
     WHERE r.low_id = @id OR r.high_id = @id ORDER BY t.reference`,
  ).all({ id: ticketId }) as TicketLink[];
}

/** The ticket a merged ticket went into, or null. */
export function getMergedInto(db: Db, ticketId: number): TicketLink | null {
  return (
    (statement(db, 'SELECT t.reference, t.subject, t.status FROM tickets m JOIN tickets t ON t.id = m.merged_into WHERE m.id = ?').get(ticketId) as TicketLink | undefined) ?? null
  );
}

/** The tickets merged into `ticketId`. */
export function listMergedFrom(db: Db, ticketId: number): TicketLink[] {
  return statement(db, 'SELECT reference, subject, status FROM tickets WHERE merged_into = ? ORDER BY reference').all(ticketId) as TicketLink[];
}

/**
 * Where a ticket's conversation lives now: the ticket itself, or, for a merged ticket, the
 * ticket it was merged into (following merges of merges). A mail answering a merged ticket
 * goes there.
 */
export function resolveMergedTicketId(db: Db, ticketId: number): number {
  let id = ticketId;
  for (let hops = 0; hops < 20; hops++) {
    const row = statement(db, 'SELECT merged_into FROM tickets WHERE id = ?').get(id) as { merged_into: number | null } | undefined;
    if (!row || row.merged_into === null) return id;
    id = row.merged_into;
  }
  return id;
}
