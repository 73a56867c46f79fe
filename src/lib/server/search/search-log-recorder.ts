/**
 * Buffers search-log entries in memory and writes them in one transaction per second (and
 * when the process exits), as ViewRecorder does for article views, so that a search page
 * never waits for a database write.
 *
 * Rules that always hold:
 * - Each entry keeps the time it was made (`at`), so the daily summaries and the
 *   search-to-click matching (CLICK_BEFORE_MS / CLICK_AFTER_MS) see the true time.
 * - A click that arrives before its search is written is still matched: logSearchInChange
 *   looks for the click when it writes the search.
 * - At most MAX_PENDING entries wait; beyond that the buffer is written at once.
 */
import type { Db } from '../platform/db.ts';
import { bestEffortWrite } from '../platform/storage-health.ts';
import { logSearchInChange, type SearchLogEntry } from './analytics.ts';

/** Entries that may wait before they are written regardless of the timer. */
const MAX_PENDING = 500;

export class SearchLogRecorder {
  private pending: SearchLogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly db: Db;
  private readonly now: () => number;
  private readonly delayMs: number;

  constructor(db: Db, options: { now?: () => number; delayMs?: number } = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
    this.delayMs = options.delayMs ?? 1000;
    // better-sqlite3 is synchronous, so a flush still completes in the 'exit' event.
    process.once('exit', () => this.flush());
  }

  /** Queues one search for the log. */
  add(entry: SearchLogEntry): void {
    this.pending.push({ ...entry, at: entry.at ?? this.now() });
    if (this.pending.length >= MAX_PENDING) return this.flush();
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes the queued searches now, in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || !this.db.open) return;
    const batch = this.pending;
    this.pending = [];
    // Bookkeeping: on a full or read-only disk the batch is dropped and the cause logged once;
    // the searches (and the timer that flushes them) go on.
    bestEffortWrite('search log', () =>
      this.db.transaction(() => {
        for (const entry of batch) logSearchInChange(this.db, entry);
      })(),
    );
  }
}
