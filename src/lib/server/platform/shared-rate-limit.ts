/**
 * Sliding-window rate limits in the database (table `rate_limit_hits`), shared by every
 * instance on the same database (issue 17): at most `limit` hits per key within any
 * `windowMs`, with the same answers as the in-memory RateLimiter (rate-limit.ts).
 * Rules that always hold:
 * - A hit is counted only when allowed; a refused hit is not counted.
 * - Check and count are one write transaction, serialised per (bucket, key) — on SQLite by
 *   BEGIN IMMEDIATE, on PostgreSQL by an advisory lock — so parallel hits on several
 *   instances cannot slip past the limit.
 * - Commits skip SQLite's per-commit fsync (`BOOKKEEPING`): a power cut may forget the last
 *   hits, never more; the ticket form's check adds no fsync beside the group commit.
 * - Rows are bounded by traffic within the window: every hit deletes its bucket's rows that
 *   have left the window.
 * The `…In` methods run inside the caller's transaction (the log-in throttle combines three
 * limiters and its own tables in one).
 */
import type { Database } from './database/connect.ts';
import { lockKey, writeTransaction, type Trx } from './database/write-transaction.ts';
import type { RateLimitOptions, RateLimitResult } from './rate-limit.ts';

/** Hits are bookkeeping: a power cut may forget the last ones (write-transaction.ts). */
export const BOOKKEEPING = { durable: false } as const;

/** A limiter named `bucket` whose hits live in the database. */
export class SharedRateLimiter {
  readonly database: Database;
  readonly bucket: string;
  readonly limit: number;
  readonly windowMs: number;

  constructor(database: Database, bucket: string, options: RateLimitOptions) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new Error('SharedRateLimiter needs limit ≥ 1 and windowMs > 0');
    this.database = database;
    this.bucket = bucket;
    this.limit = Math.floor(options.limit);
    this.windowMs = options.windowMs;
  }

  /** Counts a hit when allowed; a refused hit is not counted. */
  consume(key: string, now = Date.now()): Promise<RateLimitResult> {
    return writeTransaction(this.database, (trx) => this.consumeIn(trx, key, now), BOOKKEEPING);
  }

  /** Would a hit be allowed now? Counts nothing. */
  async peek(key: string, now = Date.now()): Promise<RateLimitResult> {
    return this.state(this.database.kysely, key, now);
  }

  /** Takes back the latest hit of a key (an attempt that turned out fine). */
  refund(key: string): Promise<void> {
    return writeTransaction(this.database, (trx) => this.refundIn(trx, key), BOOKKEEPING);
  }

  /** Forgets a key's hits. */
  async reset(key: string): Promise<void> {
    await this.database.kysely.deleteFrom('rate_limit_hits').where('bucket', '=', this.bucket).where('key', '=', key).execute();
  }

  /** The keys that are refused at `now`, with their hits in the window and the wait. */
  async blocked(now = Date.now()): Promise<{ key: string; hits: number; retryAfterMs: number }[]> {
    const rows = await this.database.kysely
      .selectFrom('rate_limit_hits')
      .select(['key', 'at'])
      .where('bucket', '=', this.bucket)
      .where('at', '>', now - this.windowMs)
      .orderBy('key')
      .orderBy('at')
      .orderBy('id')
      .execute();
    const byKey = new Map<string, number[]>();
    for (const row of rows) {
      let times = byKey.get(row.key);
      if (!times) byKey.set(row.key, (times = []));
      times.push(row.at);
    }
    const result: { key: string; hits: number; retryAfterMs: number }[] = [];
    for (const [key, times] of byKey) {
      const state = this.result(times, now);
      if (!state.allowed) result.push({ key, hits: times.length, retryAfterMs: state.retryAfterMs });
    }
    return result;
  }

  /** `consume` inside the caller's write transaction. */
  async consumeIn(trx: Trx, key: string, now: number): Promise<RateLimitResult> {
    await lockKey(trx, `rate-limit ${this.bucket} ${key}`);
    await trx.deleteFrom('rate_limit_hits').where('bucket', '=', this.bucket).where('at', '<=', now - this.windowMs).execute();
    const before = await this.state(trx, key, now);
    if (!before.allowed) return before;
    await trx.insertInto('rate_limit_hits').values({ bucket: this.bucket, key, at: now }).execute();
    return { allowed: true, retryAfterMs: 0, remaining: before.remaining - 1 };
  }

  /** `refund` inside the caller's write transaction. */
  async refundIn(trx: Trx, key: string): Promise<void> {
    const latest = await trx
      .selectFrom('rate_limit_hits')
      .select('id')
      .where('bucket', '=', this.bucket)
      .where('key', '=', key)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest) await trx.deleteFrom('rate_limit_hits').where('id', '=', latest.id).execute();
  }

  /** `reset` inside the caller's write transaction. */
  async resetIn(trx: Trx, key: string): Promise<void> {
    await trx.deleteFrom('rate_limit_hits').where('bucket', '=', this.bucket).where('key', '=', key).execute();
  }

  /** Forgets every hit of this bucket (tests). */
  async clear(): Promise<void> {
    await this.database.kysely.deleteFrom('rate_limit_hits').where('bucket', '=', this.bucket).execute();
  }

  /**
   * The answer for a key at `now`, reading at most `limit` rows however many hits the window
   * holds (a high limit from one busy address must not make every hit slower).
   */
  private async state(trx: Trx, key: string, now: number): Promise<RateLimitResult> {
    const inWindow = trx
      .selectFrom('rate_limit_hits')
      .where('bucket', '=', this.bucket)
      .where('key', '=', key)
      .where('at', '>', now - this.windowMs);
    // The hits in the window, counted up to the limit (one query when allowed: it often runs
    // while the caller holds locks, e.g. at the end of a ticket's creation).
    const counted = await trx
      .selectFrom(inWindow.select('id').limit(this.limit).as('hits'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(counted.n) < this.limit) return { allowed: true, retryAfterMs: 0, remaining: this.limit - Number(counted.n) };
    // The limit-th newest hit: the window is full until it leaves.
    const full = await inWindow.select('at').orderBy('at', 'desc').orderBy('id', 'desc').offset(this.limit - 1).limit(1).executeTakeFirst();
    // (Gone in between: another instance, with a later clock, cleaned up hits this window still held.)
    if (!full) return { allowed: true, retryAfterMs: 0, remaining: 1 };
    return { allowed: false, retryAfterMs: Math.max(1, full.at + this.windowMs - now), remaining: 0 };
  }

  private result(times: number[], now: number): RateLimitResult {
    const count = times.length;
    if (count < this.limit) return { allowed: true, retryAfterMs: 0, remaining: this.limit - count };
    // The window frees a slot when the oldest hit that keeps it full leaves it.
    const oldest = times[count - this.limit];
    return { allowed: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now), remaining: 0 };
  }
}
