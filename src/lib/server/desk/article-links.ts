/**
 * Knowledge-base reuse (KCS): which articles were used on which ticket. `linkArticleInChange`
 * is the one writer of `ticket_articles`; a link on a solved or closed ticket counts as the
 * article having solved it.
 */
import { queryOf, type Queryable, type Trx } from '../platform/database/write-transaction.ts';
import { recordTicketEventInChange } from './events.ts';
import { DONE_STATUSES } from './vocabulary.ts';

/** Links an article to a ticket as reuse, with an event, inside a change; false when it was linked already. */
export async function linkArticleInChange(trx: Trx, ticketId: number, slug: string, change: { actorId: number; version: number; at: number }): Promise<boolean> {
  const inserted = await trx
    .insertInto('ticket_articles')
    .values({ ticket_id: ticketId, article_slug: slug, linked_by: change.actorId, created_at: change.at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await recordTicketEventInChange(trx, { ticketId, actorId: change.actorId, type: 'article_linked', to: slug, version: change.version, at: change.at });
  return true;
}

/** The articles linked to a ticket, in the order they were linked. */
export async function listLinkedArticles(db: Queryable, ticketId: number): Promise<string[]> {
  const rows = await queryOf(db).selectFrom('ticket_articles').select('article_slug').where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('article_slug').execute();
  return rows.map((row) => row.article_slug);
}

/**
 * How often each article solved a ticket: links on tickets that are solved or closed (a
 * link on a ticket that was reopened counts again only once it is solved again).
 */
export async function articleReuseCounts(db: Queryable): Promise<Map<string, number>> {
  const rows = await queryOf(db)
    .selectFrom('ticket_articles as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .select(['a.article_slug as slug', (eb) => eb.fn.countAll<number>().as('n')])
    .where('t.status', 'in', [...DONE_STATUSES])
    .groupBy('a.article_slug')
    .execute();
  return new Map(rows.map((row) => [row.slug, Number(row.n)]));
}
