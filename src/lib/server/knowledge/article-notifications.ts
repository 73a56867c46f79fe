/**
 * "Your article was validated / flagged": the staff who wrote an article (every author of a
 * saved or proposed revision) are told when someone else validates or flags it. Nobody is
 * told of their own doing (see notifications/staff-notifications.ts). Runs inside the
 * transaction of the change that causes it, on both engines (issue 17).
 */
import type { Trx } from '../platform/database/write-transaction.ts';
import { notifyInChange } from '../notifications/staff-notifications.ts';

/** The ids of the staff who wrote revisions of the article. */
async function authorsOf(trx: Trx, slug: string): Promise<number[]> {
  const rows = await trx
    .selectFrom('content_revisions')
    .select('author_id')
    .distinct()
    .where('collection', '=', 'articles')
    .where('slug', '=', slug)
    .where('author_id', 'is not', null)
    .where('kind', 'in', ['saved', 'proposed'])
    .orderBy('author_id')
    .execute();
  return rows.map((row) => row.author_id!);
}

/** Notifies the article's authors inside the caller's write transaction. */
export async function notifyArticleAuthorsInChange(
  trx: Trx,
  input: { slug: string; title?: string | null; kind: 'article_validated' | 'article_flagged'; actorId: number; at: number },
): Promise<void> {
  for (const userId of await authorsOf(trx, input.slug)) {
    await notifyInChange(trx, { userId, kind: input.kind, articleSlug: input.slug, articleTitle: input.title ?? null, actorId: input.actorId, at: input.at });
  }
}
