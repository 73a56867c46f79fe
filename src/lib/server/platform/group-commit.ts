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
 * - `work` must be synchronous (better-sqlite3) and must not await anything.
 * One committer per connection (`groupCommitterFor`); like the rest of the server it assumes
 * one Node process, and other processes simply take turns at SQLite's write lock.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './db.ts';
import { isStorageError, noteStorageFailure } from './storage-health.ts';

/** How many writes one batch holds at most (bounds how long one commit blocks the event loop). */
export const DEFAULT_MAX_BATCH = 64;

interface Job {
  work: () => unknown;
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
  private readonly db: Db;

  constructor(db: Db, options: { maxBatch?: number; onBatch?: (report: BatchReport) => void } = {}) {
    this.db = db;
    this.maxBatch = Math.max(1, Math.floor(options.maxBatch ?? DEFAULT_MAX_BATCH));
    this.onBatch = options.onBatch;
  }

  /** Writes waiting for the next batch. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues `work` (synchronous database writes) for the next batch. Resolves with its result
   * once the batch has been committed, or rejects with its own error (only it was rolled back)
   * or with the batch's storage error (the whole batch was rolled back).
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, inCallerContext: AsyncLocalStorage.snapshot(), resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
      this.schedule();
    });
  }

  /** Commits one batch (at most `maxBatch` writes) and settles its callers. */
  private drain(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db
        .transaction(() => {
          for (const job of batch) {
            try {
              const value = job.inCallerContext(() => this.db.transaction(job.work)());
              outcomes.push({ ok: true, value });
            } catch (error) {
              // The write's savepoint is rolled back; unless the error ended the transaction
              // itself (SQLite rolls back on a full disk or an I/O error), the batch goes on.
              if (isStorageError(error) || !this.db.inTransaction) throw error;
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // Nothing of this batch was written: every caller gets the batch's error.
      for (const job of batch) {
        if (isStorageError(error)) job.inCallerContext(() => noteStorageFailure('database write', error));
        job.reject(error);
      }
      this.onBatch?.({ size: batch.length, committed: false, failedWrites: batch.length });
      return;
    }
    batch.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
    this.onBatch?.({ size: batch.length, committed: true, failedWrites: outcomes.filter((outcome) => !outcome.ok).length });
  }
}

const committers = new WeakMap<Db, GroupCommitter>();

/** The committer of a connection (created on first use, default batch size). */
export function groupCommitterFor(db: Db): GroupCommitter {
  let committer = committers.get(db);
  if (!committer) committers.set(db, (committer = new GroupCommitter(db)));
  return committer;
}
