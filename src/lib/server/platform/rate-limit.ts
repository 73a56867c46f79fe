/**
 * In-memory sliding-window rate limits (per process): at most `limit` hits per key within any
 * `windowMs`. Used for the public analytics writes (a per-process allowance is enough to
 * stop skewing, and a database write per search would cost more than the search); the log-in
 * throttle and the form limits that several instances must share use the same rules in the
 * database (shared-rate-limit.ts). Memory is bounded: keys whose hits have all left the window are
 * dropped, and beyond `maxKeys` the least recently hit key is evicted.
 */

/** How many hits a key may make in how long. */
export interface RateLimitOptions {
  /** Hits allowed within one window (at least 1). */
  limit: number;
  /** Length of the sliding window in milliseconds. */
  windowMs: number;
  /** Keys kept at most; the least recently hit is evicted beyond that. Default 10,000. */
  maxKeys?: number;
}

/** The answer to one hit. */
export interface RateLimitResult {
  /** True when the hit was allowed (and counted). */
  allowed: boolean;
  /** When refused: milliseconds until the next hit will be allowed; 0 when allowed. */
  retryAfterMs: number;
  /** Hits left in the current window after this one. */
  remaining: number;
}

const SWEEP_INTERVAL_MS = 1000;

/** A sliding-window log per key: the times of the hits still inside the window, oldest first. */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  // Map order is the order of the last hit: the first key is the least recently hit.
  private hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(options: RateLimitOptions) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new Error('RateLimiter needs limit ≥ 1 and windowMs > 0');
    this.limit = Math.floor(options.limit);
    this.windowMs = options.windowMs;
    this.maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  }

  /** Number of keys currently held. */
  get size(): number {
    return this.hits.size;
  }

  /** The hits of a key still in the window at `now` (pruned in place), or null. */
  private live(key: string, now: number): number[] | null {
    const times = this.hits.get(key);
    if (!times) return null;
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop] <= cutoff) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) {
      this.hits.delete(key);
      return null;
    }
    return times;
  }

  private result(times: number[] | null, now: number): RateLimitResult {
    const count = times?.length ?? 0;
    if (count < this.limit) return { allowed: true, retryAfterMs: 0, remaining: this.limit - count };
    // The window frees a slot when the oldest hit that keeps it full leaves it.
    const oldest = times![count - this.limit];
    return { allowed: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now), remaining: 0 };
  }

  /** Would a hit be allowed now? Counts nothing. */
  peek(key: string, now = Date.now()): RateLimitResult {
    return this.result(this.live(key, now), now);
  }

  /** Counts a hit when allowed; a refused hit is not counted. */
  consume(key: string, now = Date.now()): RateLimitResult {
    let times = this.live(key, now);
    const before = this.result(times, now);
    if (!before.allowed) return before;
    if (times) {
      this.hits.delete(key); // re-inserted below: most recently hit last
    } else {
      times = [];
      this.makeRoom(now);
    }
    times.push(now);
    this.hits.set(key, times);
    return { allowed: true, retryAfterMs: 0, remaining: before.remaining - 1 };
  }

  /** Takes back the latest hit of a key (an attempt that turned out fine, e.g. a successful log-in). */
  refund(key: string): void {
    const times = this.hits.get(key);
    if (!times) return;
    times.pop();
    if (times.length === 0) this.hits.delete(key);
  }

  /** The keys that are refused at `now`, with their hits in the window and the wait. */
  blocked(now = Date.now()): { key: string; hits: number; retryAfterMs: number }[] {
    const result: { key: string; hits: number; retryAfterMs: number }[] = [];
    for (const key of [...this.hits.keys()]) {
      const times = this.live(key, now);
      const state = this.result(times, now);
      if (!state.allowed) result.push({ key, hits: times?.length ?? 0, retryAfterMs: state.retryAfterMs });
    }
    return result;
  }

  /** Forgets a key's hits. */
  reset(key: string): void {
    this.hits.delete(key);
  }

  /** Forgets everything (tests). */
  clear(): void {
    this.hits.clear();
  }

  /** Before adding a key: drop expired keys (at most once a second), then evict the least recently hit. */
  private makeRoom(now: number): void {
    if (this.hits.size < this.maxKeys) return;
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      for (const key of [...this.hits.keys()]) this.live(key, now);
    }
    while (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }
}

// Kept on globalThis so that the dev server's module reloads and separate bundle chunks share one instance.
const holder = globalThis as typeof globalThis & { __tierzeroRateLimiters?: Map<string, RateLimiter> };

/**
 * The process-wide limiter with this name, created with `options` on first use
 * (e.g. `sharedRateLimiter('tickets', { limit: 5, windowMs: 600_000 })`).
 */
export function sharedRateLimiter(name: string, options: RateLimitOptions): RateLimiter {
  holder.__tierzeroRateLimiters ??= new Map();
  let limiter = holder.__tierzeroRateLimiters.get(name);
  if (!limiter) holder.__tierzeroRateLimiters.set(name, (limiter = new RateLimiter(options)));
  return limiter;
}

/** Whole minutes to wait, rounded up, at least 1 — for "try again in N minutes". */
export function minutesToWait(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}
