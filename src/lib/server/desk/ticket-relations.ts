/**
 * Reads about how tickets hang together: the tickets related to one (both ways), where a
 * merged ticket went, and which tickets were merged into one. Staff may read every ticket,
 * so these lists are not limited by level.
 */
import { queryOf, type Queryable } from '../platform/database/write-transaction.ts';
import type { TicketStatus } from './vocabulary.ts';

/** Another ticket as the side column lists it. */
export interface TicketLink {
  reference: string;
  subject: string;
  status: TicketStatus;
}

/** The tickets related to `ticketId`, by reference. */
export async function listRelatedTickets(db: Queryable, ticketId: number): Promise<TicketLink[]> {
  const rows = await queryOf(db)
    .selectFrom('ticket_relations as r')
    .innerJoin('tickets as t', (join) => join.on((eb) => eb('t.id', '=', eb.case().when('r.low_id', '=', ticketId).then(eb.ref('r.high_id')).else(eb.ref('r.low_id')).end())))
    .select(['t.reference', 't.subject', 't.status'])
    .where((eb) => eb.or([eb('r.low_id', '=', ticketId), eb('r.high_id', '=', ticketId)]))
    .orderBy('t.reference')
    .execute();
  return rows as TicketLink[];
}

/** The ticket a merged ticket went into, or null. */
export async function getMergedInto(db: Queryable, ticketId: number): Promise<TicketLink | null> {
  const row = await queryOf(db)
    .selectFrom('tickets as m')
    .innerJoin('tickets as t', 't.id', 'm.merged_into')
    .select(['t.reference', 't.subject', 't.status'])
    .where('m.id', '=', ticketId)
    .executeTakeFirst();
  return (row as TicketLink | undefined) ?? null;
}

/** The tickets merged into `ticketId`. */
export async function listMergedFrom(db: Queryable, ticketId: number): Promise<TicketLink[]> {
  return (await queryOf(db).selectFrom('tickets').select(['reference', 'subject', 'status']).where('merged_into', '=', ticketId).orderBy('reference').execute()) as TicketLink[];
}

/**
 * Where a ticket's conversation lives now: the ticket itself, or, for a merged ticket, the
 * ticket it was merged into (following merges of merges). A mail answering a merged ticket
 * goes there.
 */
export async function resolveMergedTicketId(db: Queryable, ticketId: number): Promise<number> {
  let id = ticketId;
  for (let hops = 0; hops < 20; hops++) {
    const row = await queryOf(db).selectFrom('tickets').select('merged_into').where('id', '=', id).executeTakeFirst();
    if (!row || row.merged_into === null) return id;
    id = row.merged_into;
  }
  return id;
}
