/**
 * Article reuse: only links on solved tickets count.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { articleReuseCounts, listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { linkArticle } from '../../../src/lib/server/desk/link-article.ts';
import { CONFIG, deskStaff, newTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('article-links on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('articleReuseCounts', () => {
    it('counts only links on solved tickets as reuse', async () => {
      const { first } = await staff();
      const { ticket } = await newTicket(database);
      await linkArticle(database, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: ticket.version, config: CONFIG });
      expect((await articleReuseCounts(database)).size).toBe(0);
      expect(await listLinkedArticles(database, ticket.id)).toEqual(['reset-password']);
    });
  });
});
