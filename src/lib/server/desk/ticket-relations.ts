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
