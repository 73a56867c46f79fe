/**
 * Work that one instance at a time does (auto-close, other periodic sweeps): on PostgreSQL a
 * session advisory lock taken with `pg_try_advisory_lock` on a pooled connection held for the
 * run — an instance that does not get it skips this run (another one is doing it) instead of
 * waiting; the lock ends with the run, or with the connection if the instance dies. On SQLite
 * the work simply runs: one process serves a database file, and its write transactions are
 * serialised by BEGIN IMMEDIATE anyway.
 * Rules that always hold: the lock is released after the run, also when the work throws (the
 * error reaches the caller); `work` runs its own transactions (not on the lock's connection).
 */
import { sql } from 'kysely';
import type { Database } from './connect.ts';

/** What `runExclusively` did: ran the work (with its result) or skipped it. */
export type ExclusiveRun<T> = { ran: true; value: T } | { ran: false };

/** Runs `work` unless another instance runs the work named `key` right now (PostgreSQL); on SQLite always. */
export async function runExclusively<T>(database: Database, key: string, work: () => Promise<T>): Promise<ExclusiveRun<T>> {
  if (database.engine !== 'postgres') return { ran: true, value: await work() };
  return database.kysely.connection().execute(async (connection) => {
    const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${key}, 0)) AS ok`.execute(connection);
    if (!locked.rows[0]?.ok) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection);
    }
  });
}
