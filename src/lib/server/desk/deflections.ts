/**
 * Deflections: a customer on the ticket form said "This answered my question" about a
 * suggested article, so no ticket was needed. Each one is the search → article loop working
 * without the desk. Like the search log, nothing personal is stored: the normalised query,
 * the article, the reader's language, the time and the random visit id (with JavaScript).
 */
import { statement, type Db } from '../platform/db.ts';
import { normalizeQuery } from '../search/analytics.ts';
import { parseVisitId, recordVisit } from '../search/visits.ts';
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
export function recordDeflection(db: Db, entry: { query: string; articleSlug: string; lang: Lang; visitId?: string | null; at?: number }): number {
  const at = entry.at ?? Date.now();
  const visitId = parseVisitId(entry.visitId);
  return db.transaction((): number => {
    if (visitId !== null) {
      const earlier = statement(db, 'SELECT id FROM deflections WHERE created_at > ? AND visit_id = ? AND article_slug = ? LIMIT 1').get(at - REPEAT_WINDOW_MS, visitId, entry.articleSlug) as
        | { id: number }
        | undefined;
      if (earlier) return earlier.id;
    }
    const result = statement(db, 'INSERT INTO deflections (query, article_slug, lang, visit_id, created_at) VALUES (?, ?, ?, ?, ?)').run(
      normalizeQuery(entry.query),
      entry.articleSlug,
      entry.lang,
      visitId,
      at,
    );
    if (visitId) recordVisit(db, visitId, at, { answered: 1 });
    return Number(result.lastInsertRowid);
  }).immediate();
}

/** The most recent deflections, newest first. */
export function listDeflections(db: Db, limit = 100): Deflection[] {
  const rows = statement(db, 'SELECT id, query, article_slug, lang, created_at FROM deflections ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as {
    id: number;
    query: string;
    article_slug: string;
    lang: Lang;
    created_at: number;
  }[];
  return rows.map((row) => ({ id: row.id, query: row.query, articleSlug: row.article_slug, lang: row.lang, createdAt: row.created_at }));
}

/** Articles by how many tickets they deflected in the last `days` days, most first. */
export function deflectionsByArticle(db: Db, days = 30, now = Date.now()): { slug: string; count: number }[] {
  return statement(
    db,
    'SELECT article_slug AS slug, COUNT(*) AS count FROM deflections WHERE created_at >= ? GROUP BY article_slug ORDER BY count DESC, article_slug',
  ).all(now - days * DAY_MS) as { slug: string; count: number }[];
}
