/**
 * One write transaction on either engine, for code that already runs on Kysely.
 * - SQLite: `BEGIN IMMEDIATE` on the shared connection (the write lock is taken at the start,
 *   so two processes on one file never deadlock on an upgrade). The body must await only
 *   queries on `trx`: better-sqlite3 answers them at once, so the transaction completes
 *   before other requests' code runs in practice. (Until all data code is on Kysely, a
 *   synchronous `db.transaction(...)` that a queued microtask runs in between would nest into
 *   it as a savepoint and commit with it — for a `durable: false` body, without the fsync
 *   until the next durable commit; acceptable for these short bodies, and gone once the
 *   conversion is complete: docs/scale-out-conversion.md.)
 *   `{ durable: false }` (rate-limit bookkeeping) commits on SQLite without the fsync that
 *   `synchronous = FULL` costs every commit (about 3.5 ms, serialised): the transaction runs
 *   with `synchronous = NORMAL` and the next durable commit syncs its WAL frames too. A
 *   power cut may forget those last hits; a crash of the process does not. Without this, the
 *   ticket form's limit check would add one fsync per ticket beside the group commit.
 * - PostgreSQL: a pooled connection, READ COMMITTED; serialise on a key with `lockKey`; a body
 *   aborted by a deadlock or serialisation failure is run again (up to 3 times in all).
 * Rules that always hold: all or nothing; the result is returned only after the commit.
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Engine } from './connect.ts';
import type { Schema } from './schema.ts';

/** How often a PostgreSQL transaction aborted by a deadlock is tried in all. */
const RETRIES = 3;

/** The handle a transaction body queries with. */
export type Trx = Kysely<Schema> | Transaction<Schema>;

/** What a read may run on: the query layer itself or the caller's transaction. */
export type Queryable = Database | Trx;

/** The Kysely handle to query a Queryable with. */
export function queryOf(handle: Queryable): Trx {
  return 'kysely' in handle ? handle.kysely : handle;
}

/** The engine under a Database or a transaction handle (for the few places that differ by engine). */
export function engineOf(handle: Database | Trx): Engine {
  if ('kysely' in handle) return handle.engine;
  return handle.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** How a write transaction commits. */
export interface WriteOptions {
  /** false: bookkeeping that may be forgotten on a power cut (SQLite skips the commit's fsync). Default true. */
  durable?: boolean;
}

/** Runs `body` in one write transaction and returns its result after the commit. */
export async function writeTransaction<T>(database: Database, body: (trx: Trx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  if (database.engine === 'postgres') {
    // A deadlock (two transactions locking the same rows in opposite order) or a serialisation
    // failure aborts one of them; its body only queried `trx`, so running it again is safe.
    for (let attempt = 1; ; attempt++) {
      try {
        return await database.kysely.transaction().execute(body);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= RETRIES || (code !== '40P01' && code !== '40001')) throw error;
      }
    }
  }
  const relaxed = options.durable === false;
  return database.kysely.connection().execute(async (connection) => {
    if (relaxed) await sql`PRAGMA synchronous = NORMAL`.execute(connection);
    try {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      try {
        const result = await body(connection);
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (error) {
        await sql`ROLLBACK`.execute(connection).catch(() => undefined);
        throw error;
      }
    } finally {
      if (relaxed) await sql`PRAGMA synchronous = FULL`.execute(connection);
    }
  });
}

/**
 * Serialises transactions on one key until the end of the current transaction: on PostgreSQL a
 * transaction-scoped advisory lock; on SQLite nothing is needed (BEGIN IMMEDIATE already
 * serialises all writers).
 */
export async function lockKey(trx: Trx, key: string): Promise<void> {
  if (engineOf(trx) !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}
