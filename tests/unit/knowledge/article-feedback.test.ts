/**
 * Article feedback and flags: one vote per browser and article (a second vote replaces the
 * first), comments optional and bounded, only a hash of the voter id stored; staff flags
 * stay open until second level or an admin dismisses them with a note. Votes on both engines
 * (issue 17); flags on SQLite only while they are synchronous (TODO(17), see article-feedback.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { sqliteDatabase } from '../../../src/lib/server/platform/database/connect.ts';
import {
  FeedbackError,
  feedbackCounts,
  feedbackCountsFor,
  flagArticle,
  hashVoterId,
  isVoterId,
  listFeedbackComments,
  newVoterId,
  openFlagCounts,
  openFlags,
  recordFeedback,
  resolveFlag,
} from '../../../src/lib/server/knowledge/article-feedback.ts';
import { addUser, NOW, openDeskDb } from '../desk/fixture.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe('voter ids', () => {
  it('are random, cookie-safe, and stored only as a SHA-256 hex digest', () => {
    const a = newVoterId();
    const b = newVoterId();
    expect(a).not.toBe(b);
    expect(isVoterId(a)).toBe(true);
    expect(isVoterId('not a voter id')).toBe(false);
    expect(isVoterId(undefined)).toBe(false);
    expect(hashVoterId(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashVoterId(a)).toBe(hashVoterId(a));
    expect(hashVoterId(a)).not.toContain(a);
  });
});

describe.each(ENGINES)('recordFeedback on %s', (engine) => {
  const env = useDatabase(engine);
  beforeEach(async () => {
    await env.current.database.kysely.deleteFrom('article_feedback').execute();
  });
  const countVotes = async (): Promise<number> =>
    Number((await env.current.database.kysely.selectFrom('article_feedback').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('counts yes and no votes and comments per article', async () => {
    await recordFeedback(env.current.database, { articleSlug: 'a', voterHash: hashVoterId(newVoterId()), helpful: true, lang: 'en' }, NOW);
    await recordFeedback(env.current.database, { articleSlug: 'a', voterHash: hashVoterId(newVoterId()), helpful: false, comment: '  Step 3 is missing.  ', lang: 'de' }, NOW + 1);
    await recordFeedback(env.current.database, { articleSlug: 'b', voterHash: hashVoterId(newVoterId()), helpful: false, comment: '   ', lang: 'en' }, NOW);
    expect(await feedbackCountsFor(env.current.database, 'a')).toEqual({ yes: 1, no: 1, comments: 1 });
    expect(await feedbackCountsFor(env.current.database, 'b')).toEqual({ yes: 0, no: 1, comments: 0 });
    expect(await feedbackCountsFor(env.current.database, 'none')).toEqual({ yes: 0, no: 0, comments: 0 });
    expect((await feedbackCounts(env.current.database)).get('a')).toEqual({ yes: 1, no: 1, comments: 1 });
    expect((await feedbackCounts(env.current.database)).has('none')).toBe(false);
    expect(await listFeedbackComments(env.current.database, 'a')).toEqual([{ helpful: false, comment: 'Step 3 is missing.', lang: 'de', createdAt: NOW + 1 }]);
  });

  it('keeps one vote per browser and article: a second vote replaces the first', async () => {
    const voterHash = hashVoterId(newVoterId());
    expect(await recordFeedback(env.current.database, { articleSlug: 'a', voterHash, helpful: false, comment: 'unclear', lang: 'en' }, NOW)).toEqual({ updated: false });
    expect(await recordFeedback(env.current.database, { articleSlug: 'a', voterHash, helpful: true, lang: 'en' }, NOW + 5)).toEqual({ updated: true });
    expect(await feedbackCountsFor(env.current.database, 'a')).toEqual({ yes: 1, no: 0, comments: 0 });
    // The same browser may vote on another article.
    expect(await recordFeedback(env.current.database, { articleSlug: 'b', voterHash, helpful: true, lang: 'en' }, NOW)).toEqual({ updated: false });
    expect(await countVotes()).toBe(2);
  });

  it('keeps one vote when the same browser votes twice at once (two connections on PostgreSQL)', async () => {
    const voterHash = hashVoterId(newVoterId());
    const votes = await Promise.all([true, false].map((helpful) => recordFeedback(env.current.database, { articleSlug: 'a', voterHash, helpful, lang: 'en' }, NOW)));
    expect(votes.map((vote) => vote.updated).sort()).toEqual([false, true]);
    expect(await countVotes()).toBe(1);
  });

  it('refuses comments over 1000 characters and anything but a hash as the voter', async () => {
    const voterHash = hashVoterId(newVoterId());
    await expect(recordFeedback(env.current.database, { articleSlug: 'a', voterHash, helpful: false, comment: 'x'.repeat(1001), lang: 'en' })).rejects.toThrow(FeedbackError);
    await recordFeedback(env.current.database, { articleSlug: 'a', voterHash, helpful: false, comment: 'x'.repeat(1000), lang: 'en' });
    await expect(recordFeedback(env.current.database, { articleSlug: 'a', voterHash: 'raw-cookie-value', helpful: true, lang: 'en' })).rejects.toThrow(/SHA-256/);
  });

  it('stores nothing that identifies the reader', async () => {
    const { kysely } = env.current.database;
    const columns =
      engine === 'sqlite'
        ? (await sql<{ name: string }>`PRAGMA table_info(article_feedback)`.execute(kysely)).rows.map((column) => column.name)
        : (await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'article_feedback' ORDER BY ordinal_position`.execute(kysely)).rows.map((column) => column.name);
    expect(columns).toEqual(['id', 'article_slug', 'helpful', 'comment', 'voter_hash', 'lang', 'created_at']);
  });
});

describe('flags', () => {
  let db: Db;
  let close: () => void;
  beforeEach(() => {
    ({ db, close } = openDeskDb());
  });
  afterEach(() => close());

  let agent: number;
  let second: number;
  let admin: number;
  let specialist: number;

  beforeEach(() => {
    agent = addUser(db, { name: 'Lena First', role: 'first_level' });
    second = addUser(db, { name: 'Mara Second', role: 'second_level' });
    admin = addUser(db, { name: 'Sophie Admin', role: 'admin' });
    specialist = addUser(db, { name: 'Deniz Third', role: 'third_level', areas: ['export'] });
  });

  it('any staff member flags with a reason and a required comment', async () => {
    const flag = flagArticle(db, { articleSlug: 'datev-export', reason: 'outdated', comment: ' New DATEV format since 2026. ', userId: agent }, NOW);
    expect(flag).toMatchObject({ articleSlug: 'datev-export', reason: 'outdated', comment: 'New DATEV format since 2026.', flaggedByName: 'Lena First', resolvedAt: null });
    flagArticle(db, { articleSlug: 'datev-export', reason: 'unclear', comment: 'Step 2?', userId: specialist }, NOW + 1);
    expect(openFlags(db, 'datev-export').map((open) => open.reason)).toEqual(['outdated', 'unclear']);
    expect((await openFlagCounts(sqliteDatabase(db))).get('datev-export')).toBe(2);
    expect(() => flagArticle(db, { articleSlug: 'a', reason: 'boring', comment: 'x', userId: agent })).toThrow(FeedbackError);
    expect(() => flagArticle(db, { articleSlug: 'a', reason: 'wrong', comment: '   ', userId: agent })).toThrow(/comment is required/);
  });

  it('second level and admins dismiss with a note; the flag leaves the open list', async () => {
    const one = flagArticle(db, { articleSlug: 'a', reason: 'wrong', comment: 'Amount is wrong', userId: agent }, NOW);
    const two = flagArticle(db, { articleSlug: 'a', reason: 'unclear', comment: 'Unclear', userId: agent }, NOW);
    expect(() => resolveFlag(db, one.id, { user: { id: second, role: 'second_level' }, resolution: 'dismissed', note: ' ' })).toThrow(/needs a note/);
    const dismissed = resolveFlag(db, one.id, { user: { id: second, role: 'second_level' }, resolution: 'dismissed', note: 'The amount is correct for 2026.' }, NOW + 10);
    expect(dismissed).toMatchObject({ resolution: 'dismissed', resolutionNote: 'The amount is correct for 2026.', resolvedAt: NOW + 10, resolvedByName: 'Mara Second' });
    expect(() => resolveFlag(db, one.id, { user: { id: admin, role: 'admin' }, resolution: 'dismissed', note: 'again' })).toThrow(/already resolved/);
    // The editor resolves with a revision later; no note needed.
    expect(resolveFlag(db, two.id, { user: { id: admin, role: 'admin' }, resolution: 'revised' }).resolution).toBe('revised');
    expect(openFlags(db, 'a')).toEqual([]);
    expect((await openFlagCounts(sqliteDatabase(db))).has('a')).toBe(false);
  });

  it('first level and specialists cannot resolve; unknown flags are not found', () => {
    const flag = flagArticle(db, { articleSlug: 'a', reason: 'wrong', comment: 'x', userId: agent });
    for (const user of [{ id: agent, role: 'first_level' as const }, { id: specialist, role: 'third_level' as const }]) {
      expect(() => resolveFlag(db, flag.id, { user, resolution: 'dismissed', note: 'no' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
    expect(openFlags(db, 'a')).toHaveLength(1);
    expect(() => resolveFlag(db, 999, { user: { id: admin, role: 'admin' }, resolution: 'dismissed', note: 'x' })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
