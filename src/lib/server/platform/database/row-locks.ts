/**
 * Row locks for read-then-write transactions on PostgreSQL (`SELECT … FOR UPDATE`, optionally
 * `SKIP LOCKED` to let several instances claim different rows). On SQLite the query is left as
 * it is: SQLite rejects FOR UPDATE, and BEGIN IMMEDIATE already serialises every writer
 * (write-transaction.ts), so the rows a write transaction reads cannot change under it.
 * Rules that always hold: use it only inside `writeTransaction`; the lock lasts until the
 * transaction ends.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './connect.ts';
import { engineOf, type Trx } from './write-transaction.ts';

/** `query` with FOR UPDATE (and SKIP LOCKED when asked) on PostgreSQL; unchanged on SQLite. */
export function forUpdate<DB, TB extends keyof DB, O>(
  database: Database | Trx,
  query: SelectQueryBuilder<DB, TB, O>,
  options: { skipLocked?: boolean } = {},
): SelectQueryBuilder<DB, TB, O> {
  // The one dialect switch here: SQLite has no row locks and no syntax for them.
  if (engineOf(database) !== 'postgres') return query;
  const locked = query.forUpdate();
  return options.skipLocked ? locked.skipLocked() : locked;
}
