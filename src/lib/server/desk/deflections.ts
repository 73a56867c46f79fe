/**
 * Deflections: a customer on the ticket form said "This answered my question" about a
 * suggested article, so no ticket was needed. Each one is the search → article loop working
 * without the desk. Like the search log, nothing personal is stored: the normalised query,
 * the article, the reader's language, the time and the random visit id (with JavaScript).
 */
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { normalizeQuery } from '../search/analytics.ts';
import { parseVisitId, recordVisitInChange } from '../search/visits.ts';
import type { Lang } from '../../languages.ts';

const DAY_MS = 86_400_000;

/** One recorded deflection. */
export interface Deflection {
  id: number;
  /** The normalised text the suggestions were found by (the subject, or what was typed). */
  query: string;
  articleSlug: string;
  lang: Lang;
  createdAt: number;
}

/** The same visit saying the same article answered it again within this time counts once. */
const REPEAT_WINDOW_MS = DAY_MS;

/**
 * Records that an article answered the customer's question on the ticket form; returns the
 * row id. The query is normalised like search queries, so that the same question counts once;
 * a visit that already recorded this article within a day gets its earlier row's id back.
 */
export async function recordDeflection(database: Database, entry: DeflectionInput): Promise<number> {
  return writeTransaction(database, (trx) => recordDeflectionInChange(trx, entry));
}

/** What a deflection records. */
export interface DeflectionInput {
  query: string;
  articleSlug: string;
  lang: Lang;
  visitId?: string | null;
  at?: number;
}

/** `recordDeflection` inside the caller's write transaction. */
export async function recordDeflectionInChange(trx: Trx, entry: DeflectionInput): Promise<number> {
  const at = entry.at ?? Date.now();
  const visitId = parseVisitId(entry.visitId);
  if (visitId !== null) {
    // The repeat check reads before it writes: one event of a visit at a time (PostgreSQL).
    await lockKey(trx, `visit ${visitId}`);
    const earlier = await trx
      .selectFrom('deflections')
      .select('id')
      .where('created_at', '>', at - REPEAT_WINDOW_MS)
      .where('visit_id', '=', visitId)
      .where('article_slug', '=', entry.articleSlug)
      .limit(1)
      .executeTakeFirst();
    if (earlier) return earlier.id;
  }
  const { id } = await trx
    .insertInto('deflections')
    .values({ query: normalizeQuery(entry.query), article_slug: entry.articleSlug, lang: entry.lang, visit_id: visitId, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (visitId) await recordVisitInChange(trx, visitId, at, { answered: 1 });
  return id;
}

/** The most recent deflections, newest first. */
export async function listDeflections(database: Database, limit = 100): Promise<Deflection[]> {
  const rows = await database.kysely
    .selectFrom('deflections')
    .select(['id', 'query', 'article_slug', 'lang', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, query: row.query, articleSlug: row.article_slug, lang: row.lang as Lang, createdAt: row.created_at }));
}

/** Articles by how many tickets they deflected in the last `days` days, most first. */
export async function deflectionsByArticle(database: Database, days = 30, now = Date.now()): Promise<{ slug: string; count: number }[]> {
  const rows = await database.kysely
    .selectFrom('deflections')
    .select(['article_slug as slug', (eb) => eb.fn.countAll<number>().as('count')])
    .where('created_at', '>=', now - days * DAY_MS)
    .groupBy('article_slug')
    .orderBy('count', 'desc')
    .orderBy('article_slug')
    .execute();
  return rows.map((row) => ({ slug: row.slug, count: Number(row.count) }));
}
