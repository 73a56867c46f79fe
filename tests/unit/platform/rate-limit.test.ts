/** The sliding-window rate limiter: limits, windows, refunds, resets and bounded memory. */
import { describe, expect, it } from 'vitest';
import { minutesToWait, RateLimiter, sharedRateLimiter } from '../../../src/lib/server/platform/rate-limit.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 9, 14, 12);

describe('RateLimiter', () => {
  it('allows `limit` hits per window, then refuses with the time until a slot frees', () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 10 * MINUTE });
    expect(limiter.consume('a', T0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2 });
    expect(limiter.consume('a', T0 + MINUTE).remaining).toBe(1);
    expect(limiter.consume('a', T0 + 2 * MINUTE).remaining).toBe(0);
    const refused = limiter.consume('a', T0 + 3 * MINUTE);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 7 * MINUTE, remaining: 0 });
    // Refused hits are not counted: the wait does not grow.
    expect(limiter.consume('a', T0 + 4 * MINUTE).retryAfterMs).toBe(6 * MINUTE);
  });

  it('slides: each hit leaves the window on its own, not all at once', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 10 * MINUTE });
    limiter.consume('a', T0);
    limiter.consume('a', T0 + 5 * MINUTE);
    expect(limiter.peek('a', T0 + 9 * MINUTE).allowed).toBe(false);
    // The first hit is out at T0 + 10 min; the second still counts.
    expect(limiter.consume('a', T0 + 10 * MINUTE).allowed).toBe(true);
    const refused = limiter.consume('a', T0 + 11 * MINUTE);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(4 * MINUTE);
    expect(limiter.consume('a', T0 + 15 * MINUTE).allowed).toBe(true);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: MINUTE });
    expect(limiter.consume('a', T0).allowed).toBe(true);
    expect(limiter.consume('a', T0).allowed).toBe(false);
    expect(limiter.consume('b', T0).allowed).toBe(true);
  });

  it('peek counts nothing', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: MINUTE });
    for (let i = 0; i < 5; i++) expect(limiter.peek('a', T0).allowed).toBe(true);
    expect(limiter.consume('a', T0).allowed).toBe(true);
    expect(limiter.peek('a', T0)).toEqual({ allowed: false, retryAfterMs: MINUTE, remaining: 0 });
  });

  it('refund takes back the latest hit; reset forgets the key', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: MINUTE });
    limiter.consume('a', T0);
    limiter.consume('a', T0);
    limiter.refund('a');
    expect(limiter.consume('a', T0).allowed).toBe(true);
    expect(limiter.consume('a', T0).allowed).toBe(false);
    limiter.reset('a');
    expect(limiter.size).toBe(0);
    expect(limiter.consume('a', T0).remaining).toBe(1);
    limiter.refund('a');
    limiter.refund('a');
    limiter.refund('never-seen');
    expect(limiter.size).toBe(0);
  });

  it('drops keys whose hits have all expired', () => {
    const limiter = new RateLimiter({ limit: 5, windowMs: MINUTE });
    limiter.consume('a', T0);
    expect(limiter.size).toBe(1);
    expect(limiter.peek('a', T0 + MINUTE).remaining).toBe(5);
    expect(limiter.size).toBe(0);
  });

  it('bounds memory: expired keys go first, then the least recently hit', () => {
    const limiter = new RateLimiter({ limit: 5, windowMs: MINUTE, maxKeys: 3 });
    limiter.consume('old', T0);
    limiter.consume('b', T0 + 30_000);
    limiter.consume('c', T0 + 40_000);
    // At T0 + 61 s "old" has expired: it makes room, b and c stay.
    limiter.consume('d', T0 + 61_000);
    expect(limiter.size).toBe(3);
    expect(limiter.peek('b', T0 + 61_000).remaining).toBe(4);
    // All live now: the least recently hit key (d, since b and c were hit again) is evicted.
    limiter.consume('c', T0 + 62_000);
    limiter.consume('b', T0 + 63_000);
    limiter.consume('e', T0 + 64_000);
    expect(limiter.size).toBe(3);
    expect(limiter.peek('d', T0 + 64_000).remaining).toBe(5);
    expect(limiter.peek('c', T0 + 64_000).remaining).toBe(3);
    expect(limiter.peek('b', T0 + 64_000).remaining).toBe(3);
    for (let i = 0; i < 10_000; i++) limiter.consume(`flood-${i}`, T0 + 65_000);
    expect(limiter.size).toBe(3);
  });

  it('refuses nonsensical options', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: MINUTE })).toThrow();
    expect(() => new RateLimiter({ limit: 1, windowMs: 0 })).toThrow();
  });
});

describe('sharedRateLimiter', () => {
  it('returns one instance per name for the whole process', () => {
    const a = sharedRateLimiter('unit-test', { limit: 1, windowMs: MINUTE });
    expect(sharedRateLimiter('unit-test', { limit: 99, windowMs: 1 })).toBe(a);
    expect(sharedRateLimiter('unit-test-other', { limit: 1, windowMs: MINUTE })).not.toBe(a);
  });
});

describe('minutesToWait', () => {
  it('rounds up to whole minutes, at least one', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(MINUTE)).toBe(1);
    expect(minutesToWait(MINUTE + 1)).toBe(2);
    expect(minutesToWait(15 * MINUTE)).toBe(15);
  });
});
