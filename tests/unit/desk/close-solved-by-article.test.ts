/**
 * "This solved it" from the confirmation mail: the suggestions in the mail, the one change that
 * closes the request as solved by the customer and counts a deflection, idempotent on a
 * second click, refused for a wrong token or a request closed otherwise.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { closeSolvedByArticle } from '../../../src/lib/server/desk/close-solved-by-article.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import { listOutbox, OutboxSender } from '../../../src/lib/server/mail/outbox.ts';
import { parseMailSuggestions } from '../../../src/lib/server/mail/mail-suggestions.ts';
import { CONFIG, countRows, expectDeskError, newTicket, NOW, placeTicket, ticketForm } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('close-solved-by-article on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('confirmation mail suggestions', () => {
    it('lists up to 3 articles with their address and a "this solved it" link under the private link', async () => {
      const suggestions = ['a', 'b', 'c', 'd'].map((slug) => ({ slug, title: `Article ${slug}` }));
      const { ticket } = await createTicket(database, { input: ticketForm({ lang: 'en' }), config: CONFIG, now: NOW, suggestArticles: true });
      const [mail] = await listOutbox(database);
      expect(mail.ticketId).toBe(ticket.id);
      // Queued without searching: the outbox finds the suggestions while sending.
      expect(mail.body).toMatch(/^\{\{article-suggestions\}\}$/m);
      const asked: unknown[] = [];
      const sender = new OutboxSender({ database: database, from: CONFIG.mailFrom, siteUrl: CONFIG.siteUrl, suggest: (request) => (asked.push(request), suggestions) });
      const body = await sender.withSuggestions({ body: mail.body, ticket_id: mail.ticketId });
      expect(asked).toEqual([{ subject: ticketForm().subject, description: ticketForm().description, lang: 'en' }]);
      expect(body).toContain('These articles may already answer your question:');
      expect(body).toContain('Article c\nhttps://help.tallyhaus.example/en/articles/c\n');
      expect(body).not.toContain('Article d');
      expect(body).toMatch(/^\{\{status-link\}\}\/solved\?article=b$/m);
      expect(body).not.toContain('{{article-suggestions}}');
    });

    it('sends the confirmation without the suggestions line when nothing fits or suggestions are off', async () => {
      await createTicket(database, { input: ticketForm({ lang: 'de' }), config: CONFIG, now: NOW, suggestArticles: true });
      const [mail] = await listOutbox(database);
      const plain = await createTicket(database, { input: ticketForm({ lang: 'de' }), config: CONFIG, now: NOW });
      const expected = (await listOutbox(database)).find((entry) => entry.ticketId === plain.ticket.id)!.body.replace(plain.ticket.reference, '');
      for (const suggest of [() => [], null]) {
        const body = await new OutboxSender({ database: database, from: CONFIG.mailFrom, siteUrl: CONFIG.siteUrl, suggest }).withSuggestions({ body: mail.body, ticket_id: mail.ticketId });
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
    it('closes the request as solved by the customer in one change and counts one deflection', async () => {
      const { ticket, token } = await newTicket(database);
      const closed = await closeSolvedByArticle(database, { token, articleSlug: 'export-data-as-csv', now: NOW + 1000 });
      expect(closed).toMatchObject({ status: 'closed', version: ticket.version + 1, solvedAt: NOW + 1000, closedAt: NOW + 1000 });
      expect((await database.kysely.selectFrom('tickets').select('solved_by_article').where('id', '=', ticket.id).executeTakeFirstOrThrow()).solved_by_article).toBe('export-data-as-csv');
      const events = await database.kysely
        .selectFrom('ticket_events')
        .select(['type', 'from_value as from', 'to_value as to', 'actor_id'])
        .where('ticket_id', '=', ticket.id)
        .where('type', '=', 'status')
        .orderBy('id')
        .execute();
      expect(events).toEqual([
        { type: 'status', from: 'new', to: 'solved', actor_id: null },
        { type: 'status', from: 'solved', to: 'closed', actor_id: null },
      ]);
      expect((await database.kysely.selectFrom('deflections').select('article_slug').execute()).map((row) => row.article_slug)).toEqual(['export-data-as-csv']);
      // A second click changes and counts nothing.
      expect((await closeSolvedByArticle(database, { token, articleSlug: 'export-data-as-csv', now: NOW + 2000 })).version).toBe(closed.version);
      expect(await countRows(database, 'deflections')).toBe(1);
    });

    it('refuses a wrong token and a request closed otherwise', async () => {
      const { ticket, token } = await newTicket(database);
      await expectDeskError(() => closeSolvedByArticle(database, { token: 'x'.repeat(43), articleSlug: 'a' }), 'not_found');
      await placeTicket(database, ticket.id, { status: 'closed' });
      await expectDeskError(() => closeSolvedByArticle(database, { token, articleSlug: 'a' }), 'closed');
      expect(await countRows(database, 'deflections')).toBe(0);
    });
  });
});
