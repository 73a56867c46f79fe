/**
 * "Your article was validated / flagged": the staff who wrote an article (every author of a
 * saved or proposed revision) are told when someone else validates or flags it. Nobody is
 * told of their own doing (see notifications/staff-notifications.ts).
 */
import { statement, type Db } from '../platform/db.ts';
import { notifyInChange } from '../notifications/staff-notifications.ts';

/** The ids of the staff who wrote revisions of the article. */
function authorsOf(db: Db, slug: string): number[] {
  return (
    statement(db, "SELECT DISTINCT author_id AS id FROM content_revisions WHERE collection = 'articles' AND slug = ? AND author_id IS NOT NULL AND kind IN ('saved', 'proposed')").all(slug) as {
      id: number;
    }[]
  ).map((row) => row.id);
}

/** Notifies the article's authors; run inside the transaction of the change where there is one. */
export function notifyArticleAuthors(db: Db, input: { slug: string; kind: 'article_validated' | 'article_flagged'; actorId: number; at: number }): void {
  for (const userId of authorsOf(db, input.slug)) notifyInChange(db, { userId, kind: input.kind, articleSlug: input.slug, actorId: input.actorId, at: input.at });
}
