/**
 * `linkArticle`: records that a knowledge-base article was used on a ticket (KCS reuse), e.g.
 * when an agent inserts a link to it into a reply. Linking the same article again changes
 * nothing (no version bump).
 */
import type { Database } from '../platform/database/connect.ts';
import { linkArticleInChange } from './article-links.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { requireSlug } from './text-input.ts';
import type { Ticket } from './types.ts';

/** What `linkArticle` is given. */
export interface LinkArticleOptions extends StaffCommandOptions {
  articleSlug: string;
}

/** Links the article as reuse, with an `article_linked` event. */
export async function linkArticle(database: Database, options: LinkArticleOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const slug = requireSlug(options.articleSlug);
  return staffChange(database, { ticketId, actor, action: 'linkArticle', expectedVersion, now, levels: config.levels, routing: config }, (trx, row, version) =>
    linkArticleInChange(trx, row.id, slug, { actorId: actor.id, version, at: now }),
  );
}
