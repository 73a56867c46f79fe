/**
 * Group commit: writes that acknowledge something to a customer (a ticket from the form, a
 * reply through the status link) share one COMMIT, and so one fsync, with the writes that
 * arrive while the previous batch is waiting to run. With `synchronous = FULL` every commit
 * costs a flush of the WAL to the disk (about 3.5 ms on the development machine), which
 * would cap one-write-per-commit at under 300 per second; a batch pays it once.
 *
 * Rules that always hold:
 * - `run(work)` queues `work` and returns a promise; nothing runs synchronously. The queue is
 *   drained on the next `setImmediate`, so everything queued by the requests of one turn of
 *   the event loop (and everything that came in while a commit was flushing) goes into one
 *   batch of at most `maxBatch` writes; the rest waits for the next turn.
 * - A batch is ONE write transaction (`BEGIN IMMEDIATE … COMMIT`). Each write runs in its own
 *   SAVEPOINT, in the order it was queued, so a write that throws (bad input, a closed
 *   ticket, a constraint) rolls back only itself and its caller gets its own error; the
 *   others go on. Sequence numbers bumped inside a write (ticket references) are rolled back
 *   with it, so they stay gap-free and follow the queue order.
 * - Every promise settles only after the shared COMMIT has returned: a resolved write is on
 *   the disk, and a rejected one left nothing behind.
 * - A storage error (full or read-only disk, I/O error; see storage-health.ts), or any error
 *   that ends the transaction itself, rolls the whole batch back and rejects every caller of
 *   that batch with it; each caller's request is marked for the "temporarily unavailable"
 *   answer, and the error is logged once like any other storage error.
 * - Each write runs in the async context of the call that queued it (AsyncLocalStorage
 *   snapshot), so request-scoped bookkeeping such as the storage mark reaches the right request.
 * - `work(trx)` may be async, but awaits only queries on `trx` (Kysely over the same
 *   better-sqlite3 connection; no network, no file I/O): the batch runs its writes one after
 *   the other, awaiting each, so it still completes before other requests' code touches the
 *   connection. Synchronous better-sqlite3 writes in `work` (code not yet on Kysely, issue 17)
 *   run on the same connection inside the same savepoint.
 * SQLite only (one committer per connection, `groupCommitterFor`): on PostgreSQL the server
 * group-commits its WAL flushes itself, and commands run `writeTransaction` directly. Like the
 * rest of the server it assumes one Node process; other processes take turns at the write lock.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { sqliteDatabase, type Database } from './database/connect.ts';
import { writeTransaction, type Trx } from './database/write-transaction.ts';
import { currentStorageFailures, isStorageError, noteStorageFailure, noteStorageSuccess } from './storage-health.ts';

/** How many writes one batch holds at most (bounds how long one commit blocks the event loop). */
export const DEFAULT_MAX_BATCH = 64;

interface Job {
  work: (trx: Trx) => unknown;
  /** Runs a function in the async context of the caller that queued this job. */
  inCallerContext: <R>(fn: () => R) => R;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What a drained batch did (for tests and diagnostics). */
export interface BatchReport {
  size: number;
  committed: boolean;
  failedWrites: number;
}

/** Queues writes and commits them in shared transactions; see the module comment for the rules. */
export class GroupCommitter {
  readonly maxBatch: number;
  private readonly queue: Job[] = [];
  private scheduled = false;
  private readonly onBatch: ((report: BatchReport) => void) | undefined;
  /** The SQLite query layer the batches commit on. */
  readonly database: Database;

  /** `target`: the SQLite connection (or its query layer) the batches commit on. */
  constructor(target: Db | Database, options: { maxBatch?: number; onBatch?: (report: BatchReport) => void } = {}) {
    this.database = 'kysely' in target ? target : sqliteDatabase(target);
    if (this.database.engine !== 'sqlite') throw new Error('GroupCommitter: SQLite only (PostgreSQL commands use writeTransaction)');
    this.maxBatch = Math.max(1, Math.floor(options.maxBatch ?? DEFAULT_MAX_BATCH));
    this.onBatch = options.onBatch;
  }

  /** Writes waiting for the next batch. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues `work` (database writes on `trx`) for the next batch. Resolves with its result
   * once the batch has been committed, or rejects with its own error (only it was rolled back)
   * or with the batch's storage error (the whole batch was rolled back).
   */
  run<T>(work: (trx: Trx) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, inCallerContext: AsyncLocalStorage.snapshot(), resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      void this.drain().finally(() => {
        this.scheduled = false;
        this.schedule();
      });
    });
  }

  /** Commits one batch (at most `maxBatch` writes) and settles its callers. */
  private async drain(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.database.kysely.connection().execute(async (connection) => {
        await sql`BEGIN IMMEDIATE`.execute(connection);
        try {
          for (const [index, job] of batch.entries()) {
            const savepoint = sql.raw(`group_write_${index}`);
            await sql`SAVEPOINT ${savepoint}`.execute(connection);
            try {
              const value = await job.inCallerContext(() => job.work(connection));
              await sql`RELEASE ${savepoint}`.execute(connection);
              outcomes.push({ ok: true, value });
            } catch (error) {
              if (isStorageError(error)) throw error;
              // The write's savepoint is rolled back; unless the error ended the transaction
              // itself (SQLite rolls back on a full disk or an I/O error), the batch goes on.
              try {
                await sql`ROLLBACK TO ${savepoint}`.execute(connection);
                await sql`RELEASE ${savepoint}`.execute(connection);
              } catch {
                throw error;
              }
              outcomes.push({ ok: false, error });
            }
          }
          await sql`COMMIT`.execute(connection);
        } catch (error) {
          await sql`ROLLBACK`.execute(connection).catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      // Nothing of this batch was written: every caller gets the batch's error.
      for (const job of batch) {
        if (isStorageError(error)) job.inCallerContext(() => noteStorageFailure('database write', error));
        job.reject(error);
      }
      this.onBatch?.({ size: batch.length, committed: false, failedWrites: batch.length });
      return;
    }
    // A batch that wrote after a storage failure: writes work again (logged once).
    if (currentStorageFailures().size > 0 && outcomes.some((outcome) => outcome.ok)) noteStorageSuccess();
    batch.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
    this.onBatch?.({ size: batch.length, committed: true, failedWrites: outcomes.filter((outcome) => !outcome.ok).length });
  }
}

const committers = new WeakMap<object, GroupCommitter>();

/** The committer of a SQLite connection or query layer (created on first use, default batch size). */
export function groupCommitterFor(target: Db | Database): GroupCommitter {
  let committer = committers.get(target);
  if (!committer) committers.set(target, (committer = new GroupCommitter(target)));
  return committer;
}

/**
 * A durable write that acknowledges something to a customer: in the next group commit on
 * SQLite, in a transaction of its own on PostgreSQL (the server groups the WAL flushes of
 * concurrent commits itself). Resolves after the commit, rejects with the write's own error.
 */
export function groupedWrite<T>(database: Database, work: (trx: Trx) => Promise<T>): Promise<T> {
  return database.engine === 'postgres' ? writeTransaction(database, work) : groupCommitterFor(database).run(work);
}

/**
 * Makes the committer of `database` (the SQLite query layer over `db`, app start-up) the one
 * `db` finds too, so that batches take turns with the layer's other queries (one Kysely
 * connection lock). On PostgreSQL nothing changes.
 */
export function shareGroupCommitter(db: Db, database: Database): void {
  if (database.engine === 'sqlite') committers.set(db, groupCommitterFor(database));
}
