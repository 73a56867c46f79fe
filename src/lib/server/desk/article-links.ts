/**
 * Knowledge-base reuse (KCS): which articles were used on which ticket. `linkArticleInChange`
 * is the one writer of `ticket_articles`; a link on a solved or closed ticket counts as the
 * article having solved it.
 */
import { statement, type Db } from '../platform/db.ts';
import { recordTicketEventInChange } from './events.ts';
import { DONE_STATUSES_SQL } from './vocabulary.ts';

/** Links an article to a ticket as reuse, with an event, inside a change; false when it was linked already. */
export function linkArticleInChange(db: Db, ticketId: number, slug: string, change: { actorId: number; version: number; at: number }): boolean {
  const inserted = statement(db, 'INSERT OR IGNORE INTO ticket_articles (ticket_id, article_slug, linked_by, created_at) VALUES (?, ?, ?, ?)').run(
    ticketId,
    slug,
    change.actorId,
    change.at,
  ).changes;
  if (inserted === 0) return false;
  recordTicketEventInChange(db, { ticketId, actorId: change.actorId, type: 'article_linked', to: slug, version: change.version, at: change.at });
  return true;
}

/** The articles linked to a ticket, in the order they were linked. */
export function listLinkedArticles(db: Db, ticketId: number): string[] {
  return (statement(db, 'SELECT article_slug FROM ticket_articles WHERE ticket_id = ? ORDER BY created_at, article_slug').all(ticketId) as { article_slug: string }[]).map(
    (row) => row.article_slug,
  );
}

/**
 * How often each article solved a ticket: links on tickets that are solved or closed (a
 * link on a ticket that was reopened counts again only once it is solved again).
 */
export function articleReuseCounts(db: Db): Map<string, number> {
  const rows = statement(
    db,
    `SELECT a.article_slug AS slug, COUNT(*) AS n FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id
     WHERE t.status IN ${DONE_STATUSES_SQL} GROUP BY a.article_slug`,
  ).all() as { slug: string; n: number }[];
  return new Map(rows.map((row) => [row.slug, row.n]));
}
