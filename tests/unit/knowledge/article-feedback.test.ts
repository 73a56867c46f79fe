/**
 * Article feedback and flags: one vote per browser and article (a second vote replaces the
 * first), comments optional and bounded, only a hash of the voter id stored; staff flags
 * stay open until second level or an admin dismisses them with a note.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
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

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});
afterEach(() => close());

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

describe('recordFeedback', () => {
  it('counts yes and no votes and comments per article', () => {
    recordFeedback(db, { articleSlug: 'a', voterHash: hashVoterId(newVoterId()), helpful: true, lang: 'en' }, NOW);
    recordFeedback(db, { articleSlug: 'a', voterHash: hashVoterId(newVoterId()), helpful: false, comment: '  Step 3 is missing.  ', lang: 'de' }, NOW + 1);
    recordFeedback(db, { articleSlug: 'b', voterHash: hashVoterId(newVoterId()), helpful: false, comment: '   ', lang: 'en' }, NOW);
    expect(feedbackCountsFor(db, 'a')).toEqual({ yes: 1, no: 1, comments: 1 });
    expect(feedbackCountsFor(db, 'b')).toEqual({ yes: 0, no: 1, comments: 0 });
    expect(feedbackCountsFor(db, 'none')).toEqual({ yes: 0, no: 0, comments: 0 });
    expect(feedbackCounts(db).get('a')).toEqual({ yes: 1, no: 1, comments: 1 });
    expect(feedbackCounts(db).has('none')).toBe(false);
    expect(listFeedbackComments(db, 'a')).toEqual([{ helpful: false, comment: 'Step 3 is missing.', lang: 'de', createdAt: NOW + 1 }]);
  });

  it('keeps one vote per browser and article: a second vote replaces the first', () => {
    const voterHash = hashVoterId(newVoterId());
    expect(recordFeedback(db, { articleSlug: 'a', voterHash, helpful: false, comment: 'unclear', lang: 'en' }, NOW)).toEqual({ updated: false });
    expect(recordFeedback(db, { articleSlug: 'a', voterHash, helpful: true, lang: 'en' }, NOW + 5)).toEqual({ updated: true });
    expect(feedbackCountsFor(db, 'a')).toEqual({ yes: 1, no: 0, comments: 0 });
    // The same browser may vote on another article.
    expect(recordFeedback(db, { articleSlug: 'b', voterHash, helpful: true, lang: 'en' }, NOW)).toEqual({ updated: false });
    expect(db.prepare('SELECT COUNT(*) AS n FROM article_feedback').get()).toEqual({ n: 2 });
  });

  it('refuses comments over 1000 characters and anything but a hash as the voter', () => {
    const voterHash = hashVoterId(newVoterId());
    expect(() => recordFeedback(db, { articleSlug: 'a', voterHash, helpful: false, comment: 'x'.repeat(1001), lang: 'en' })).toThrow(FeedbackError);
    recordFeedback(db, { articleSlug: 'a', voterHash, helpful: false, comment: 'x'.repeat(1000), lang: 'en' });
    expect(() => recordFeedback(db, { articleSlug: 'a', voterHash: 'raw-cookie-value', helpful: true, lang: 'en' })).toThrow(/SHA-256/);
  });

  it('stores nothing that identifies the reader', () => {
    const columns = (db.prepare('PRAGMA table_info(article_feedback)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).toEqual(['id', 'article_slug', 'helpful', 'comment', 'voter_hash', 'lang', 'created_at']);
  });
});

describe('flags', () => {
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

  it('any staff member flags with a reason and a required comment', () => {
    const flag = flagArticle(db, { articleSlug: 'datev-export', reason: 'outdated', comment: ' New DATEV format since 2026. ', userId: agent }, NOW);
    expect(flag).toMatchObject({ articleSlug: 'datev-export', reason: 'outdated', comment: 'New DATEV format since 2026.', flaggedByName: 'Lena First', resolvedAt: null });
    flagArticle(db, { articleSlug: 'datev-export', reason: 'unclear', comment: 'Step 2?', userId: specialist }, NOW + 1);
    expect(openFlags(db, 'datev-export').map((open) => open.reason)).toEqual(['outdated', 'unclear']);
    expect(openFlagCounts(db).get('datev-export')).toBe(2);
    expect(() => flagArticle(db, { articleSlug: 'a', reason: 'boring', comment: 'x', userId: agent })).toThrow(FeedbackError);
    expect(() => flagArticle(db, { articleSlug: 'a', reason: 'wrong', comment: '   ', userId: agent })).toThrow(/comment is required/);
  });

  it('second level and admins dismiss with a note; the flag leaves the open list', () => {
    const one = flagArticle(db, { articleSlug: 'a', reason: 'wrong', comment: 'Amount is wrong', userId: agent }, NOW);
    const two = flagArticle(db, { articleSlug: 'a', reason: 'unclear', comment: 'Unclear', userId: agent }, NOW);
    expect(() => resolveFlag(db, one.id, { user: { id: second, role: 'second_level' }, resolution: 'dismissed', note: ' ' })).toThrow(/needs a note/);
    const dismissed = resolveFlag(db, one.id, { user: { id: second, role: 'second_level' }, resolution: 'dismissed', note: 'The amount is correct for 2026.' }, NOW + 10);
    expect(dismissed).toMatchObject({ resolution: 'dismissed', resolutionNote: 'The amount is correct for 2026.', resolvedAt: NOW + 10, resolvedByName: 'Mara Second' });
    expect(() => resolveFlag(db, one.id, { user: { id: admin, role: 'admin' }, resolution: 'dismissed', note: 'again' })).toThrow(/already resolved/);
    // The editor resolves with a revision later; no note needed.
    expect(resolveFlag(db, two.id, { user: { id: admin, role: 'admin' }, resolution: 'revised' }).resolution).toBe('revised');
    expect(openFlags(db, 'a')).toEqual([]);
    expect(openFlagCounts(db).has('a')).toBe(false);
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
