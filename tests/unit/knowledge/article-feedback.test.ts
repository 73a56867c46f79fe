/**
 * Article feedback and flags: one vote per browser and article (a second vote replaces the
 * first), comments optional and bounded, only a hash of the voter id stored; staff flags
 * stay open until second level or an admin dismisses them with a note — on both engines
 * (issue 17), with parallel votes and parallel resolutions.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
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
import { NOW } from '../desk/fixture.ts';
import type { Role } from '../../../src/lib/server/accounts/roles.ts';
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

describe.each(ENGINES)('flags on %s', (engine) => {
  const env = useDatabase(engine);
  let agent: number;
  let second: number;
  let admin: number;
  let specialist: number;
  const addStaff = async (name: string, role: Role): Promise<number> =>
    (
      await env.current.database.kysely
        .insertInto('users')
        .values({ email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, name, role, password_hash: 'x', created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    agent = await addStaff('Lena First', 'first_level');
    second = await addStaff('Mara Second', 'second_level');
    admin = await addStaff('Sophie Admin', 'admin');
    specialist = await addStaff('Deniz Third', 'third_level');
  });
  beforeEach(async () => {
    await env.current.database.kysely.deleteFrom('article_flags').execute();
  });

  it('any staff member flags with a reason and a required comment', async () => {
    const flag = await flagArticle(env.current.database, { articleSlug: 'datev-export', reason: 'outdated', comment: ' New DATEV format since 2026. ', userId: agent }, NOW);
    expect(flag).toMatchObject({ articleSlug: 'datev-export', reason: 'outdated', comment: 'New DATEV format since 2026.', flaggedByName: 'Lena First', resolvedAt: null });
    await flagArticle(env.current.database, { articleSlug: 'datev-export', reason: 'unclear', comment: 'Step 2?', userId: specialist }, NOW + 1);
    expect((await openFlags(env.current.database, 'datev-export')).map((open) => open.reason)).toEqual(['outdated', 'unclear']);
    expect((await openFlagCounts(env.current.database)).get('datev-export')).toBe(2);
    await expect(flagArticle(env.current.database, { articleSlug: 'a', reason: 'boring', comment: 'x', userId: agent })).rejects.toThrow(FeedbackError);
    await expect(flagArticle(env.current.database, { articleSlug: 'a', reason: 'wrong', comment: '   ', userId: agent })).rejects.toThrow(/comment is required/);
  });

  it('second level and admins dismiss with a note; the flag leaves the open list', async () => {
    const one = await flagArticle(env.current.database, { articleSlug: 'a', reason: 'wrong', comment: 'Amount is wrong', userId: agent }, NOW);
    const two = await flagArticle(env.current.database, { articleSlug: 'a', reason: 'unclear', comment: 'Unclear', userId: agent }, NOW);
    await expect(resolveFlag(env.current.database, one.id, { user: { id: second, role: 'second_level' }, resolution: 'dismissed', note: ' ' })).rejects.toThrow(/needs a note/);
    const dismissed = await resolveFlag(env.current.database, one.id, { user: { id: second, role: 'second_level' }, resolution: 'dismissed', note: 'The amount is correct for 2026.' }, NOW + 10);
    expect(dismissed).toMatchObject({ resolution: 'dismissed', resolutionNote: 'The amount is correct for 2026.', resolvedAt: NOW + 10, resolvedByName: 'Mara Second' });
    await expect(resolveFlag(env.current.database, one.id, { user: { id: admin, role: 'admin' }, resolution: 'dismissed', note: 'again' })).rejects.toThrow(/already resolved/);
    // The editor resolves with a revision later; no note needed.
    expect((await resolveFlag(env.current.database, two.id, { user: { id: admin, role: 'admin' }, resolution: 'revised' })).resolution).toBe('revised');
    expect(await openFlags(env.current.database, 'a')).toEqual([]);
    expect((await openFlagCounts(env.current.database)).has('a')).toBe(false);
  });

  it('first level and specialists cannot resolve; unknown flags are not found', async () => {
    const flag = await flagArticle(env.current.database, { articleSlug: 'a', reason: 'wrong', comment: 'x', userId: agent });
    for (const user of [{ id: agent, role: 'first_level' as const }, { id: specialist, role: 'third_level' as const }]) {
      await expect(resolveFlag(env.current.database, flag.id, { user, resolution: 'dismissed', note: 'no' })).rejects.toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
    expect(await openFlags(env.current.database, 'a')).toHaveLength(1);
    await expect(resolveFlag(env.current.database, 999, { user: { id: admin, role: 'admin' }, resolution: 'dismissed', note: 'x' })).rejects.toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('resolves a flag once when two people resolve it at once (two connections on PostgreSQL)', async () => {
    const flag = await flagArticle(env.current.database, { articleSlug: 'a', reason: 'wrong', comment: 'x', userId: agent });
    const results = await Promise.allSettled(
      [second, admin].map((id) => resolveFlag(env.current.database, flag.id, { user: { id, role: id === admin ? 'admin' : 'second_level' }, resolution: 'dismissed', note: `by ${id}` })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((result) => result.status === 'rejected');
    expect(refused.reason).toMatchObject({ code: 'conflict', key: 'flag.error.resolved' });
    expect(await openFlags(env.current.database, 'a')).toEqual([]);
  });
});
