/**
 * What level 0 measures: searches (and which found nothing), clicks on results and article
 * views. Nothing personal is stored: no IP address, no cookie, only the normalised query.
 */
import type { Db } from './db.ts';
import type { Lang } from '../languages.ts';

/** Where a search was made. */
export type SearchSource = 'page' | 'instant' | 'ticket-form';

const MAX_QUERY_LENGTH = 200;
const DAY_MS = 86_400_000;

/** Lower-cases, trims and collapses white space, so that the same question counts once. */
export function normalizeQuery(query: string): string {
  return query.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

/** Records one search. Empty queries are not recorded. */
export function logSearch(db: Db, entry: { query: string; lang: Lang; resultCount: number; source: SearchSource; at?: number }): void {
  const query = normalizeQuery(entry.query);
  if (!query) return;
  db.prepare('INSERT INTO search_log (query, lang, result_count, source, created_at) VALUES (?, ?, ?, ?, ?)').run(
    query,
    entry.lang,
    entry.resultCount,
    entry.source,
    entry.at ?? Date.now(),
  );
}

/** Records that a search result was opened: query → article. */
export function logSearchClick(db: Db, entry: { query: string; slug: string; lang: Lang; at?: number }): void {
  const query = normalizeQuery(entry.query);
  if (!query) return;
  db.prepare('INSERT INTO search_click (query, article_slug, lang, created_at) VALUES (?, ?, ?, ?)').run(
    query,
    entry.slug,
    entry.lang,
    entry.at ?? Date.now(),
  );
}

/** Counts one view of an article (per day, so that "most viewed" can look at recent weeks). */
export function recordArticleView(db: Db, slug: string, at = Date.now()): void {
  db.prepare(
    'INSERT INTO article_view (article_slug, day, views) VALUES (?, ?, 1) ON CONFLICT (article_slug, day) DO UPDATE SET views = views + 1',
  ).run(slug, Math.floor(at / DAY_MS));
}

/** Article slugs by views over the last `days` days, most viewed first. */
export function mostViewedSlugs(db: Db, limit: number, days = 30, now = Date.now()): { slug: string; views: number }[] {
  return db
    .prepare(
      'SELECT article_slug AS slug, SUM(views) AS views FROM article_view WHERE day >= ? GROUP BY article_slug ORDER BY views DESC, article_slug LIMIT ?',
    )
    .all(Math.floor(now / DAY_MS) - days, limit) as { slug: string; views: number }[];
}
