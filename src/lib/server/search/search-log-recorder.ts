/**
 * Buffers search-log entries in memory and writes them in one transaction per second (and
 * at shut-down: platform/app.ts awaits `flush()`), as ViewRecorder does for article views, so that a search page
 * never waits for a database write.
 *
 * Rules that always hold:
 * - Each entry keeps the time it was made (`at`), so the daily summaries and the
 *   search-to-click matching (CLICK_BEFORE_MS / CLICK_AFTER_MS) see the true time.
 * - A click that arrives before its search is written is still matched: logSearchInChange
 *   looks for the click when it writes the search.
 * - At most MAX_PENDING entries wait; beyond that the buffer is written at once.
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import { bestEffortWriteAsync } from '../platform/storage-health.ts';
import { logSearchInChange, type SearchLogEntry } from './analytics.ts';

/** Entries that may wait before they are written regardless of the timer. */
const MAX_PENDING = 500;

const warn = (error: unknown): void => console.warn(`search log: ${error instanceof Error ? error.message : String(error)}`);

export class SearchLogRecorder {
  private pending: SearchLogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly database: Database;
  private readonly now: () => number;
  private readonly delayMs: number;

  constructor(database: Database, options: { now?: () => number; delayMs?: number } = {}) {
    this.database = database;
    this.now = options.now ?? Date.now;
    this.delayMs = options.delayMs ?? 1000;
  }

  /** Queues one search for the log. */
  add(entry: SearchLogEntry): void {
    this.pending.push({ ...entry, at: entry.at ?? this.now() });
    if (this.pending.length >= MAX_PENDING) return void this.flush().catch(warn);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(warn), this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes the queued searches now, in one transaction. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Bookkeeping: on a full or read-only disk the batch is dropped and the cause logged once;
    // the searches (and the timer that flushes them) go on.
    await bestEffortWriteAsync('search log', () =>
      writeTransaction(this.database, async (trx) => {
        for (const entry of batch) await logSearchInChange(trx, entry);
      }),
    );
  }
}
