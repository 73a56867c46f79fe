/**
 * Ticket references (`T-2026-000123`): numbered per UTC year, without gaps, unique also when
 * several processes create tickets at once (the sequence row is bumped inside the creating
 * transaction).
 */
import type { Trx } from '../platform/database/write-transaction.ts';

/** The ticket reference for a year and sequence number: `T-2026-000123`. */
export function formatReference(year: number, sequence: number): string {
  return `T-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The next ticket reference of a (UTC) year. Call it inside the creating write transaction:
 * the upsert then gives concurrent creations distinct numbers. On PostgreSQL the upsert locks
 * the year's row until the creating transaction ends, so a second creation waits and reads
 * the committed number (or the old one again when the first rolled back: no gap). Every
 * creation of the year queues on that row: call it as late in the transaction as possible
 * (create-ticket.ts takes it at the end).
 */
export async function nextReferenceInChange(trx: Trx, year: number): Promise<string> {
  const { last } = await trx
    .insertInto('ticket_sequence')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('ticket_sequence.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return formatReference(year, last);
}
