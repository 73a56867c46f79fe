/**
 * "This solved it" from the confirmation mail: the suggestions in the mail, the one change that
 * closes the request as solved by the customer and counts a deflection, idempotent on a
 * second click, refused for a wrong token or a request closed otherwise.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { closeSolvedByArticle } from '../../../src/lib/server/desk/close-solved-by-article.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import { listOutbox, OutboxSender } from '../../../src/lib/server/mail/outbox.ts';
import { parseMailSuggestions } from '../../../src/lib/server/mail/mail-suggestions.ts';
import { deskDatabase, CONFIG, expectDeskError, newTicket, NOW, openDeskDb, placeTicket, ticketForm } from './fixture.ts';

let db: Db;
let close: () => void;
beforeEach(() => {
  ({ db, close } = openDeskDb());
});
afterEach(() => close());

describe('confirmation mail suggestions', () => {
  it('lists up to 3 articles with their address and a "this solved it" link under the private link', async () => {
    const suggestions = ['a', 'b', 'c', 'd'].map((slug) => ({ slug, title: `Article ${slug}` }));
    const { ticket } = createTicket(db, { input: ticketForm({ lang: 'en' }), config: CONFIG, now: NOW, suggestArticles: true });
    const [mail] = await listOutbox(deskDatabase(db));
    expect(mail.ticketId).toBe(ticket.id);
    // Queued without searching: the outbox finds the suggestions while sending.
    expect(mail.body).toMatch(/^\{\{article-suggestions\}\}$/m);
    const asked: unknown[] = [];
    const sender = new OutboxSender({ database: deskDatabase(db), from: CONFIG.mailFrom, siteUrl: CONFIG.siteUrl, suggest: (request) => (asked.push(request), suggestions) });
    const body = await sender.withSuggestions({ body: mail.body, ticket_id: mail.ticketId });
    expect(asked).toEqual([{ subject: ticketForm().subject, description: ticketForm().description, lang: 'en' }]);
    expect(body).toContain('These articles may already answer your question:');
    expect(body).toContain('Article c\nhttps://help.tallyhaus.example/en/articles/c\n');
    expect(body).not.toContain('Article d');
    expect(body).toMatch(/^\{\{status-link\}\}\/solved\?article=b$/m);
    expect(body).not.toContain('{{article-suggestions}}');
  });

  it('sends the confirmation without the suggestions line when nothing fits or suggestions are off', async () => {
    createTicket(db, { input: ticketForm({ lang: 'de' }), config: CONFIG, now: NOW, suggestArticles: true });
    const [mail] = await listOutbox(deskDatabase(db));
    const plain = createTicket(db, { input: ticketForm({ lang: 'de' }), config: CONFIG, now: NOW });
    const expected = (await listOutbox(deskDatabase(db))).find((entry) => entry.ticketId === plain.ticket.id)!.body.replace(plain.ticket.reference, '');
    for (const suggest of [() => [], null]) {
      const body = await new OutboxSender({ database: deskDatabase(db), from: CONFIG.mailFrom, siteUrl: CONFIG.siteUrl, suggest }).withSuggestions({ body: mail.body, ticket_id: mail.ticketId });
      expect(body.replace(/T-\d{4}-\d{6}/, '')).toBe(expected.replace(/T-\d{4}-\d{6}/, ''));
    }
  });

  it('reads MAIL_SUGGESTIONS (default on)', () => {
    expect([undefined, '', 'on', '1', 'true'].map(parseMailSuggestions)).toEqual([true, true, true, true, true]);
    expect(['off', '0', 'no'].map(parseMailSuggestions)).toEqual([false, false, false]);
    expect(() => parseMailSuggestions('maybe')).toThrow(/MAIL_SUGGESTIONS/);
  });
});

describe('closeSolvedByArticle', () => {
  it('closes the request as solved by the customer in one change and counts one deflection', () => {
    const { ticket, token } = newTicket(db);
    const closed = closeSolvedByArticle(db, { token, articleSlug: 'export-data-as-csv', now: NOW + 1000 });
    expect(closed).toMatchObject({ status: 'closed', version: ticket.version + 1, solvedAt: NOW + 1000, closedAt: NOW + 1000 });
    expect(db.prepare('SELECT solved_by_article FROM tickets WHERE id = ?').pluck().get(ticket.id)).toBe('export-data-as-csv');
    const events = db.prepare(`SELECT type, from_value AS "from", to_value AS "to", actor_id FROM ticket_events WHERE ticket_id = ? AND type = 'status' ORDER BY id`).all(ticket.id);
    expect(events).toEqual([
      { type: 'status', from: 'new', to: 'solved', actor_id: null },
      { type: 'status', from: 'solved', to: 'closed', actor_id: null },
    ]);
    expect(db.prepare('SELECT article_slug FROM deflections').pluck().all()).toEqual(['export-data-as-csv']);
    // A second click changes and counts nothing.
    expect(closeSolvedByArticle(db, { token, articleSlug: 'export-data-as-csv', now: NOW + 2000 }).version).toBe(closed.version);
    expect(db.prepare('SELECT count(*) FROM deflections').pluck().get()).toBe(1);
  });

  it('refuses a wrong token and a request closed otherwise', () => {
    const { ticket, token } = newTicket(db);
    expectDeskError(() => closeSolvedByArticle(db, { token: 'x'.repeat(43), articleSlug: 'a' }), 'not_found');
    placeTicket(db, ticket.id, { status: 'closed' });
    expectDeskError(() => closeSolvedByArticle(db, { token, articleSlug: 'a' }), 'closed');
    expect(db.prepare('SELECT count(*) FROM deflections').pluck().get()).toBe(0);
  });
});
