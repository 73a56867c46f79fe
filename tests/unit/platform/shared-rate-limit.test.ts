/**
 * Rate limits in the database (issue 17), on both engines: the same sliding-window answers as
 * the in-memory limiter, refused hits not counted, refunds, the admin's "blocked" view, old
 * rows pruned, and parallel hits from two instances never above the limit (PostgreSQL: two
 * pools; SQLite: one connection, as in one process — processes on one file serialise by
 * BEGIN IMMEDIATE).
 */
import { describe, expect, it } from 'vitest';
import { postgresDatabase } from '../../../src/lib/server/platform/database/connect.ts';
import { BOOKKEEPING, SharedRateLimiter } from '../../../src/lib/server/platform/shared-rate-limit.ts';
import { writeTransaction } from '../../../src/lib/server/platform/database/write-transaction.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 6, 12);

describe.each(ENGINES)('SharedRateLimiter on %s', (engine) => {
  const env = useDatabase(engine);
  let buckets = 0;
  /** A limiter on a bucket of its own, so that tests do not see each other's hits. */
  const limiter = (limit: number, windowMs: number): SharedRateLimiter => new SharedRateLimiter(env.current.database, `test-${buckets++}`, { limit, windowMs });

  it('allows `limit` hits per window, then refuses with the wait until the oldest hit leaves', async () => {
    const l = limiter(3, 10 * MINUTE);
    for (let i = 0; i < 3; i++) expect(await l.consume('client', T0 + i * MINUTE)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2 - i });
    expect(await l.consume('client', T0 + 5 * MINUTE)).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE, remaining: 0 });
    expect((await l.consume('other', T0 + 5 * MINUTE)).allowed).toBe(true);
    // The window slides: the first hit leaves at T0 + 10 min.
    expect((await l.peek('client', T0 + 10 * MINUTE)).allowed).toBe(true);
    expect((await l.consume('client', T0 + 10 * MINUTE)).allowed).toBe(true);
    expect((await l.consume('client', T0 + 10 * MINUTE + 1)).allowed).toBe(false);
  });

  it('does not count refused hits, and takes back a refunded one', async () => {
    const l = limiter(2, MINUTE);
    await l.consume('c', T0);
    await l.consume('c', T0 + 1);
    for (let i = 0; i < 5; i++) expect((await l.consume('c', T0 + 2 + i)).allowed).toBe(false);
    await l.refund('c');
    expect(await l.consume('c', T0 + 10)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    // Refused hits were not counted: the window frees at the first hit's end.
    expect((await l.consume('c', T0 + MINUTE)).allowed).toBe(true);
  });

  it('lists the blocked keys and resets one', async () => {
    const l = limiter(1, MINUTE);
    await l.consume('a', T0);
    await l.consume('b', T0 + 1000);
    expect(await l.blocked(T0 + 2000)).toEqual([
      { key: 'a', hits: 1, retryAfterMs: MINUTE - 2000 },
      { key: 'b', hits: 1, retryAfterMs: MINUTE - 1000 },
    ]);
    await l.reset('a');
    expect((await l.blocked(T0 + 2000)).map((entry) => entry.key)).toEqual(['b']);
    expect((await l.peek('a', T0 + 2000)).allowed).toBe(true);
  });

  it('deletes rows that have left the window with the next hit of the bucket', async () => {
    const l = limiter(5, MINUTE);
    for (let i = 0; i < 20; i++) await l.consume(`client-${i}`, T0);
    await l.consume('late', T0 + MINUTE);
    const left = await env.current.database.kysely.selectFrom('rate_limit_hits').select('key').where('bucket', '=', l.bucket).execute();
    expect(left.map((row) => row.key)).toEqual(['late']);
  });

  it('never lets parallel hits from two instances past the limit', async () => {
    const second = engine === 'postgres' ? postgresDatabase(env.current.url!, { max: 5 }) : env.current.database;
    try {
      const bucket = `parallel-${buckets++}`;
      const a = new SharedRateLimiter(env.current.database, bucket, { limit: 4, windowMs: MINUTE });
      const b = new SharedRateLimiter(second, bucket, { limit: 4, windowMs: MINUTE });
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).consume('shared-client', T0 + i)));
      expect(answers.filter((answer) => answer.allowed)).toHaveLength(4);
    } finally {
      if (second !== env.current.database) await second.close();
    }
  });

  it('commits bookkeeping without the fsync but leaves the connection durable (synchronous = FULL), also after a failure', async () => {
    const l = limiter(5, MINUTE);
    await l.consume('x', T0);
    await expect(
      writeTransaction(env.current.database, async (trx) => {
        await trx.insertInto('rate_limit_hits').values({ bucket: l.bucket, key: 'rolled-back', at: T0 }).execute();
        throw new Error('boom');
      }, BOOKKEEPING),
    ).rejects.toThrow('boom');
    const keys = await env.current.database.kysely.selectFrom('rate_limit_hits').select('key').where('bucket', '=', l.bucket).execute();
    expect(keys.map((row) => row.key)).toEqual(['x']);
    if (env.current.sqlite) expect(env.current.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });
});
