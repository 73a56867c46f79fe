/**
 * Ticket references (`T-2026-000123`): numbered per UTC year, without gaps, unique also when
 * several processes create tickets at once (the sequence row is bumped inside the creating
 * transaction).
 */
import { statement, type Db } from '../platform/db.ts';

/** The ticket reference for a year and sequence number: `T-2026-000123`. */
export function formatReference(year: number, sequence: number): string {
  return `T-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The next ticket reference of a (UTC) year. Call it inside the creating write transaction:
 * the upsert then gives concurrent creations distinct numbers.
 */
export function nextReferenceInChange(db: Db, year: number): string {
  const { last } = statement(
    db,
    'INSERT INTO ticket_sequence (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last',
  ).get(year) as { last: number };
  return formatReference(year, last);
}
