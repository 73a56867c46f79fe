/**
 * Article reuse: only links on solved tickets count.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { articleReuseCounts, listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { linkArticle } from '../../../src/lib/server/desk/link-article.ts';
import { CONFIG, deskStaff, newTicket } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

describe('articleReuseCounts', () => {
  it('counts only links on solved tickets as reuse', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: ticket.version, config: CONFIG });
    expect(articleReuseCounts(db).size).toBe(0);
    expect(listLinkedArticles(db, ticket.id)).toEqual(['reset-password']);
  });
});
