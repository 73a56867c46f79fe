/**
 * Feedback on articles. The public answers "Was this helpful?" (yes / no, an optional
 * comment): one vote per browser and article, the browser known only by the SHA-256 of a
 * random id in the httpOnly `tz_voter` cookie — no IP address, no account, no e-mail. A
 * second vote from the same browser replaces the first (people change their mind after
 * trying the steps). Staff flag articles ("outdated", "wrong", "unclear", with a comment);
 * a flag stays open until second level or an admin resolves it: dismissed (with a note)
 * here, or revised by the editor.
 * Everything runs on both engines (issue 17: `Database`, Kysely): a vote is one
 * transaction; a flag and its authors' notifications are one transaction; a flag is resolved
 * at most once (the update only takes an open flag, so of two resolutions at once one wins
 * and the other is told the flag is resolved).
 */
import type { MessageKey } from '../../i18n.ts';
import { DomainError, type MessageValues } from '../errors.ts';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { notifyArticleAuthorsInChange } from './article-notifications.ts';
import { hasRole, type Role } from '../accounts/roles.ts';
import type { Lang } from '../../languages.ts';

/** The cookie that identifies a browser's votes (its value is never stored, only its hash). */
export const VOTER_COOKIE = 'tz_voter';
/** How long the voter cookie lives: one year. */
export const VOTER_COOKIE_SECONDS = 365 * 24 * 3600;
/** Longest feedback comment, in characters. */
export const MAX_FEEDBACK_COMMENT = 1000;
/** Longest flag comment or resolution note, in characters. */
export const MAX_FLAG_TEXT = 2000;
/** Why an article is flagged. */
export const FLAG_REASONS = ['outdated', 'wrong', 'unclear'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
/** How a flag was resolved: dismissed (with a note) or by a new revision of the article. */
export type FlagResolution = 'dismissed' | 'revised';
/** Who may resolve flags. */
export const FLAG_RESOLVER_ROLES: readonly Role[] = ['second_level', 'admin'];
/** Public votes allowed per client within the window. */
export const FEEDBACK_RATE_LIMIT = { limit: 30, windowMs: 10 * 60_000, maxKeys: 10_000 };

/** An expected failure: bad input, a role that may not, an unknown or already resolved flag. */
export class FeedbackError extends DomainError<'invalid' | 'forbidden' | 'not_found' | 'conflict'> {
  constructor(code: FeedbackError['code'], key: MessageKey, message: string, values: MessageValues = {}) {
    super(code, key, { message, values });
    this.name = 'FeedbackError';
  }
}

/** A new random voter id for the cookie (32 random bytes, base64url). */
export function newVoterId(): string {
  return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
}

/** The stored form of a voter id: SHA-256, lower-case hex. */
export function hashVoterId(voterId: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(voterId)));
}

/** True for a cookie value `newVoterId` could have made (anything else gets a new id). */
export function isVoterId(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** One vote as given. */
export interface FeedbackInput {
  articleSlug: string;
  /** SHA-256 of the voter id (`hashVoterId`). */
  voterHash: string;
  helpful: boolean;
  /** Optional; trimmed, empty means none, at most 1000 characters. */
  comment?: string | null;
  /** The reader's interface language. */
  lang: Lang;
}

/** Records a vote, replacing this browser's earlier vote on the article; `updated` says which. */
export async function recordFeedback(database: Database, input: FeedbackInput, now = Date.now()): Promise<{ updated: boolean }> {
  const comment = (input.comment ?? '').trim() || null;
  if (comment !== null && comment.length > MAX_FEEDBACK_COMMENT) {
    throw new FeedbackError('invalid', 'feedback.error.tooLong', `comment longer than ${MAX_FEEDBACK_COMMENT} characters`);
  }
  if (!/^[0-9a-f]{64}$/.test(input.voterHash)) throw new FeedbackError('invalid', 'feedback.error.voter', 'voter hash must be a SHA-256 hex digest');
  const vote = { helpful: input.helpful ? 1 : 0, comment, lang: input.lang, created_at: now };
  return writeTransaction(database, async (trx) => {
    // UNIQUE (article_slug, voter_hash): the first vote inserts; a later one (even a parallel
    // one, on either engine) finds the row there and replaces it.
    const inserted = await trx
      .insertInto('article_feedback')
      .values({ article_slug: input.articleSlug, voter_hash: input.voterHash, ...vote })
      .onConflict((conflict) => conflict.columns(['article_slug', 'voter_hash']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { updated: false };
    await trx.updateTable('article_feedback').set(vote).where('article_slug', '=', input.articleSlug).where('voter_hash', '=', input.voterHash).execute();
    return { updated: true };
  });
}

/** Votes and comments on one article. */
export interface FeedbackCounts {
  yes: number;
  no: number;
  comments: number;
}

const EMPTY_COUNTS: FeedbackCounts = { yes: 0, no: 0, comments: 0 };

/** Counts for every article with feedback, by slug (absent: no votes). */
export async function feedbackCounts(database: Database): Promise<Map<string, FeedbackCounts>> {
  const rows = await database.kysely
    .selectFrom('article_feedback')
    .select((eb) => [
      'article_slug as slug',
      eb.fn.sum<number>('helpful').as('yes'),
      eb.fn.countAll<number>().as('votes'),
      eb.fn.count<number>('comment').as('comments'),
    ])
    .groupBy('article_slug')
    .execute();
  return new Map(rows.map((row) => [row.slug, { yes: Number(row.yes), no: Number(row.votes) - Number(row.yes), comments: Number(row.comments) }]));
}

/** Counts for one article. */
export async function feedbackCountsFor(database: Database, articleSlug: string): Promise<FeedbackCounts> {
  const row = await database.kysely
    .selectFrom('article_feedback')
    .select((eb) => [eb.fn.sum<number>('helpful').as('yes'), eb.fn.countAll<number>().as('votes'), eb.fn.count<number>('comment').as('comments')])
    .where('article_slug', '=', articleSlug)
    .executeTakeFirst();
  if (!row) return { ...EMPTY_COUNTS };
  const yes = Number(row.yes ?? 0);
  return { yes, no: Number(row.votes) - yes, comments: Number(row.comments) };
}

/** A comment left with a vote (nothing that identifies the reader). */
export interface FeedbackComment {
  helpful: boolean;
  comment: string;
  lang: Lang;
  createdAt: number;
}

/** The comments on an article, newest first. */
export async function listFeedbackComments(database: Database, articleSlug: string, limit = 100): Promise<FeedbackComment[]> {
  const rows = await database.kysely
    .selectFrom('article_feedback')
    .select(['helpful', 'comment', 'lang', 'created_at'])
    .where('article_slug', '=', articleSlug)
    .where('comment', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ helpful: row.helpful === 1, comment: row.comment!, lang: row.lang as Lang, createdAt: row.created_at }));
}

/** A flag on an article, with the names of who raised and who resolved it. */
export interface ArticleFlag {
  id: number;
  articleSlug: string;
  reason: FlagReason;
  comment: string;
  flaggedBy: number;
  flaggedByName: string;
  createdAt: number;
  resolvedAt: number | null;
  resolvedBy: number | null;
  resolvedByName: string | null;
  resolution: FlagResolution | null;
  resolutionNote: string | null;
}

/** Flags with the names of who raised and who resolved them. */
function flagQuery(trx: Trx) {
  return trx
    .selectFrom('article_flags as f')
    .innerJoin('users as u', 'u.id', 'f.flagged_by')
    .leftJoin('users as r', 'r.id', 'f.resolved_by')
    .select([
      'f.id',
      'f.article_slug as articleSlug',
      'f.reason',
      'f.comment',
      'f.flagged_by as flaggedBy',
      'u.name as flaggedByName',
      'f.created_at as createdAt',
      'f.resolved_at as resolvedAt',
      'f.resolved_by as resolvedBy',
      'r.name as resolvedByName',
      'f.resolution',
      'f.resolution_note as resolutionNote',
    ]);
}

async function flagById(trx: Trx, id: number): Promise<ArticleFlag | null> {
  return ((await flagQuery(trx).where('f.id', '=', id).executeTakeFirst()) as ArticleFlag | undefined) ?? null;
}

/** One flag by id, or null. */
export function getFlag(database: Database, id: number): Promise<ArticleFlag | null> {
  return flagById(database.kysely, id);
}

/** What a staff member flags. */
export interface FlagInput {
  articleSlug: string;
  /** The article's title, for the authors' e-mail copies. */
  articleTitle?: string;
  reason: string;
  /** Required: what is outdated, wrong or unclear. */
  comment: string;
  userId: number;
}

/** Flags an article (any staff member; the caller checks the role). */
export async function flagArticle(database: Database, input: FlagInput, now = Date.now()): Promise<ArticleFlag> {
  if (!(FLAG_REASONS as readonly string[]).includes(input.reason)) throw new FeedbackError('invalid', 'flag.error.reason', 'reason must be outdated, wrong or unclear');
  const comment = input.comment.trim();
  if (!comment) throw new FeedbackError('invalid', 'flag.error.comment', 'a comment is required');
  if (comment.length > MAX_FLAG_TEXT) throw new FeedbackError('invalid', 'flag.error.tooLong', `comment longer than ${MAX_FLAG_TEXT} characters`, { max: MAX_FLAG_TEXT });
  // The flag and the authors' notifications are written together.
  return writeTransaction(database, async (trx) => {
    const { id } = await trx
      .insertInto('article_flags')
      .values({ article_slug: input.articleSlug, reason: input.reason, comment, flagged_by: input.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notifyArticleAuthorsInChange(trx, { slug: input.articleSlug, title: input.articleTitle, kind: 'article_flagged', actorId: input.userId, at: now });
    return (await flagById(trx, id))!;
  });
}

/** Who resolves a flag, and how. */
export interface ResolveInput {
  user: { id: number; role: Role };
  resolution: FlagResolution;
  /** Required for a dismissal: why the flag does not need a change. */
  note?: string | null;
}

/**
 * Resolves an open flag: second level or admin only. A dismissal needs a note; "revised" is
 * for the editor, when a new revision answers the flag.
 */
export async function resolveFlag(database: Database, flagId: number, input: ResolveInput, now = Date.now()): Promise<ArticleFlag> {
  if (!hasRole(input.user, FLAG_RESOLVER_ROLES)) throw new FeedbackError('forbidden', 'flag.error.forbidden', 'only second level and admins resolve flags');
  const note = (input.note ?? '').trim() || null;
  if (input.resolution !== 'dismissed' && input.resolution !== 'revised') throw new FeedbackError('invalid', 'flag.error.resolution', 'unknown resolution');
  if (input.resolution === 'dismissed' && !note) throw new FeedbackError('invalid', 'flag.error.note', 'a dismissal needs a note');
  if (note && note.length > MAX_FLAG_TEXT) throw new FeedbackError('invalid', 'flag.error.tooLong', `note longer than ${MAX_FLAG_TEXT} characters`, { max: MAX_FLAG_TEXT });
  return writeTransaction(database, async (trx) => {
    // Only an open flag is updated: of two resolutions at once (two instances), one wins.
    const updated = await trx
      .updateTable('article_flags')
      .set({ resolved_at: now, resolved_by: input.user.id, resolution: input.resolution, resolution_note: note })
      .where('id', '=', flagId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      const flag = await trx.selectFrom('article_flags').select('id').where('id', '=', flagId).executeTakeFirst();
      if (!flag) throw new FeedbackError('not_found', 'flag.error.notFound', 'no such flag');
      throw new FeedbackError('conflict', 'flag.error.resolved', 'this flag is already resolved');
    }
    return (await flagById(trx, flagId))!;
  });
}

/** The open flags on an article, oldest first. */
export async function openFlags(database: Database, articleSlug: string): Promise<ArticleFlag[]> {
  return (await flagQuery(database.kysely).where('f.article_slug', '=', articleSlug).where('f.resolved_at', 'is', null).orderBy('f.created_at').orderBy('f.id').execute()) as ArticleFlag[];
}

/** Open flags per article slug (absent: none). */
export async function openFlagCounts(database: Database): Promise<Map<string, number>> {
  const rows = await database.kysely
    .selectFrom('article_flags')
    .select((eb) => ['article_slug as slug', eb.fn.countAll<number>().as('n')])
    .where('resolved_at', 'is', null)
    .groupBy('article_slug')
    .execute();
  return new Map(rows.map((row) => [row.slug, Number(row.n)]));
}
