/**
 * Article reuse: only links on solved tickets count.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { articleReuseCounts, listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { linkArticle } from '../../../src/lib/server/desk/link-article.ts';
import { actorOf, addUser, CONFIG, newTicket, openDeskDb } from './fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

/** The staff of a small desk, all present. */
function staff() {
  const first = addUser(db, { name: 'Fiona First', role: 'first_level' });
  const second = addUser(db, { name: 'Sam Second', role: 'second_level' });
  const third = addUser(db, { name: 'Tess Third', role: 'third_level', areas: ['invoices'] });
  const admin = addUser(db, { name: 'Ada Admin', role: 'admin' });
  return { first: actorOf(db, first), second: actorOf(db, second), third: actorOf(db, third), admin: actorOf(db, admin) };
}

describe('articleReuseCounts', () => {
  it('counts only links on solved tickets as reuse', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: ticket.version, config: CONFIG });
    expect(articleReuseCounts(db).size).toBe(0);
    expect(listLinkedArticles(db, ticket.id)).toEqual(['reset-password']);
  });
});
