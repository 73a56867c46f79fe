/**
 * Articles: most viewed and most reused on tickets in the range, most and least helpful by
 * the readers' votes in the range, open flags (now) and articles not updated for a long time.
 *
 * - Reuse: links of the article to tickets made in the range (one per ticket).
 * - Helpful share = "yes" votes / all votes in the range, for articles with at least
 *   MIN_VOTES votes; most helpful: share ≥ 50 %, highest first; least helpful: share below
 *   50 %, lowest first (ties: more votes first).
 * - Not updated for a long time: validated articles whose `updated` date is STALE_DAYS days
 *   or more before the last day of the range, oldest first.
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { keyOfDay } from './desk-days.ts';
import { DAY_MS, dayKey, type InsightRange } from './range.ts';
import type { Lang } from '../../languages.ts';

/** How many articles each list shows. */
export const ARTICLE_LIMIT = 10;
/** Votes an article needs in the range to be rated helpful or not. */
export const MIN_VOTES = 3;
/** An article is stale when not updated for this many days. */
export const STALE_DAYS = 365;

/** What the article lists need to know about an article in the knowledge base. */
export interface ArticleInfo {
  slug: string;
  title: string;
  lang: Lang;
  audience: 'public' | 'internal';
  status: 'draft' | 'not_validated' | 'validated' | 'archived';
  /** The front matter's `updated` date. */
  updated: Date;
}

/** An article with a count. */
export interface ArticleCount {
  slug: string;
  /** The article's title, or the slug when the article no longer exists. */
  title: string;
  count: number;
}

/** Votes and comments on an article in the range. */
export interface ArticleHelpfulness {
  slug: string;
  title: string;
  yes: number;
  no: number;
  comments: number;
  share: number;
}

/** Open flags on an article. */
export interface ArticleFlags {
  slug: string;
  title: string;
  open: number;
  outdated: number;
  wrong: number;
  unclear: number;
  /** The oldest open flag, `YYYY-MM-DD`. */
  since: string;
}

/** An article not updated for a long time. */
export interface StaleArticle {
  slug: string;
  title: string;
  lang: Lang;
  audience: 'public' | 'internal';
  updated: string;
  /** Days from `updated` to the end of the range. */
  days: number;
}

/** The article figures of a range. */
export interface ArticleInsights {
  mostViewed: ArticleCount[];
  mostReused: ArticleCount[];
  mostHelpful: ArticleHelpfulness[];
  leastHelpful: ArticleHelpfulness[];
  flags: ArticleFlags[];
  stale: StaleArticle[];
}

/** The article figures of a range; `articles` is the knowledge base (titles, dates). */
export async function articleInsights(database: Database, range: InsightRange, articles: readonly ArticleInfo[], limit = ARTICLE_LIMIT): Promise<ArticleInsights> {
  const titles = new Map(articles.map((article) => [article.slug, article.title]));
  const title = (slug: string): string => titles.get(slug) ?? slug;
  const db = database.kysely;

  const [viewed, reused, voteRows, flagRows] = await Promise.all([
    sql<{ slug: string; count: number }>`
      SELECT article_slug AS slug, SUM(views) AS count FROM article_view
      WHERE day >= ${range.firstDay} AND day < ${range.endDay} GROUP BY article_slug ORDER BY count DESC, slug LIMIT ${limit}`.execute(db),
    sql<{ slug: string; count: number }>`
      SELECT article_slug AS slug, COUNT(*) AS count FROM ticket_articles
      WHERE created_at >= ${range.start} AND created_at < ${range.end} GROUP BY article_slug ORDER BY count DESC, slug LIMIT ${limit}`.execute(db),
    sql<{ slug: string; yes: number; no: number; comments: number }>`
      SELECT article_slug AS slug, SUM(helpful) AS yes, SUM(1 - helpful) AS no,
        SUM(CASE WHEN comment IS NOT NULL AND comment <> '' THEN 1 ELSE 0 END) AS comments
      FROM article_feedback WHERE created_at >= ${range.start} AND created_at < ${range.end} GROUP BY article_slug`.execute(db),
    sql<{ slug: string; open: number; outdated: number; wrong: number; unclear: number; since: number }>`
      SELECT article_slug AS slug, COUNT(*) AS open, SUM(CASE WHEN reason = 'outdated' THEN 1 ELSE 0 END) AS outdated,
        SUM(CASE WHEN reason = 'wrong' THEN 1 ELSE 0 END) AS wrong, SUM(CASE WHEN reason = 'unclear' THEN 1 ELSE 0 END) AS unclear,
        MIN(created_at) AS since
      FROM article_flags WHERE resolved_at IS NULL GROUP BY article_slug ORDER BY open DESC, since, slug`.execute(db),
  ]);
  const counted = (row: { slug: string; count: number }): ArticleCount => ({ slug: row.slug, count: Number(row.count), title: title(row.slug) });
  const mostViewed = viewed.rows.map(counted);
  const mostReused = reused.rows.map(counted);
  const votes = voteRows.rows
    .map((row) => ({ slug: row.slug, yes: Number(row.yes), no: Number(row.no), comments: Number(row.comments) }))
    .filter((row) => row.yes + row.no >= MIN_VOTES)
    .map((row) => ({ ...row, title: title(row.slug), share: row.yes / (row.yes + row.no) }));
  const mostHelpful = votes
    .filter((row) => row.share >= 0.5)
    .sort((a, b) => b.share - a.share || b.yes + b.no - (a.yes + a.no) || a.slug.localeCompare(b.slug))
    .slice(0, limit);
  const leastHelpful = votes
    .filter((row) => row.share < 0.5)
    .sort((a, b) => a.share - b.share || b.yes + b.no - (a.yes + a.no) || a.slug.localeCompare(b.slug))
    .slice(0, limit);

  const flags = flagRows.rows.map((row) => ({
    slug: row.slug,
    title: title(row.slug),
    open: Number(row.open),
    outdated: Number(row.outdated),
    wrong: Number(row.wrong),
    unclear: Number(row.unclear),
    since: dayKey(Number(row.since)),
  }));

  // `updated` is a calendar date (midnight UTC of that date): compare day numbers.
  const lastDay = range.endDay - 1;
  const updatedDay = (article: { updated: Date }): number => Math.floor(article.updated.getTime() / DAY_MS);
  const stale = articles
    .filter((article) => article.status === 'validated' && updatedDay(article) <= lastDay - STALE_DAYS)
    .sort((a, b) => a.updated.getTime() - b.updated.getTime() || a.slug.localeCompare(b.slug))
    .slice(0, limit * 2)
    .map((article) => ({
      slug: article.slug,
      title: article.title,
      lang: article.lang,
      audience: article.audience,
      updated: keyOfDay(updatedDay(article)),
      days: lastDay - updatedDay(article),
    }));

  return { mostViewed, mostReused, mostHelpful, leastHelpful, flags, stale };
}
