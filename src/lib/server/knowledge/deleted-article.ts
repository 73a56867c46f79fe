/**
 * An article deleted outside the editor (git rm + deploy; a 'deleted' revision, see
 * platform/content-revisions.ts) as the editor and history pages still show it: the article as
 * its last live revision had it, and when it was deleted. Opening it records the deletion first
 * if nobody has yet (`syncRevision`). Rules that always hold: only a slug whose current revision
 * is 'deleted' gets one; a slug that never existed stays "not found".
 */
import type { Database } from '../platform/database/connect.ts';
import { deletedDocument } from '../platform/content-revisions.ts';
import { articlesCollection } from './article-editor.ts';
import { parseArticleFile, type Article, type ArticleStore } from './articles.ts';

/** A deleted article: its last live text parsed, and the deletion's revision number and time. */
export interface DeletedArticle {
  article: Article;
  /** The last live revision's full text. */
  source: string;
  deletedRevision: number;
  deletedAt: number;
}

/** The deleted article of `slug`, or null when it is not deleted (or its last text does not parse). */
export async function deletedArticle(database: Database, store: ArticleStore, slug: string, now = Date.now()): Promise<DeletedArticle | null> {
  if (store.get(slug)) return null;
  const found = await deletedDocument(database, articlesCollection(store), slug, now);
  const parsed = found ? parseArticleFile(slug, found.lastLive.source) : null;
  if (!found || !parsed?.ok) return null;
  const { lastLive, deletion } = found;
  return { article: { ...parsed.article, mtimeMs: lastLive.createdAt, size: lastLive.source.length }, source: lastLive.source, deletedRevision: deletion.number, deletedAt: deletion.createdAt };
}
