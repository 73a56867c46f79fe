/**
 * Knowledge capture from a solved ticket: the KCS draft takes the customer's words, the
 * solution, the public replies and the specialists' advice, and removes personal data.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { articlesFromTicket, draftArticleFromTicket, removePersonalData } from '../../../src/lib/server/desk/ticket-article.ts';
import type { Article } from '../../../src/lib/server/knowledge/articles.ts';
import { actorOf, addUser, CONFIG, HOUR, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('ticket-article on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('draftArticleFromTicket', () => {
    /** A ticket that went 1 → 2 → 3, got specialist advice, came back and was solved by level 2. */
    async function solvedTicket(): Promise<string> {
      const first = await actorOf(database, await addUser(database, { name: 'Jonas Weber', role: 'first_level' }));
      const second = await actorOf(database, await addUser(database, { name: 'Mara Keller', role: 'second_level', present: false }));
      const specialist = await actorOf(database, await addUser(database, { name: 'Deniz Aydin', role: 'third_level', areas: ['invoices'], present: false }));
      const { ticket } = await newTicket(database, {
        name: 'Erika Mustermann',
        email: 'erika@example.com',
        subject: 'Invoice numbers jump after import',
        description: 'Hello,\nafter importing last year’s invoices the numbers start at 1 again. Call me on 0170 9876543.\nThanks, Erika',
      });
      let t = await escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Not in the knowledge base', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
      t = await takeTicket(database, { ticketId: t.id, actor: second, expectedVersion: t.version, config: CONFIG, now: NOW + HOUR });
      t = await replyToCustomer(database, { ticketId: t.id, actor: second, body: 'Hello Erika,\n\nplease open Settings → Number ranges and set the next number.\n\nKind regards\nMara Keller', expectedVersion: t.version, config: CONFIG, now: NOW + 2 * HOUR });
      t = await escalateTicket(database, { ticketId: t.id, actor: second, reason: 'Import resets the counter', expectedVersion: t.version, config: CONFIG, now: NOW + 2 * HOUR });
      t = await addNote(database, { ticketId: t.id, actor: specialist, body: 'The importer resets the counter when the file has no numbers; Erika Mustermann’s file had none.', expectedVersion: t.version, config: CONFIG, now: NOW + 3 * HOUR });
      t = await handBackTicket(database, { ticketId: t.id, actor: specialist, guidance: 'Advise the number range setting.', expectedVersion: t.version, config: CONFIG, now: NOW + 3 * HOUR });
      t = await solveTicket(database, { ticketId: t.id, actor: second, summary: 'Set the next invoice number in Settings → Number ranges after an import.', expectedVersion: t.version, config: CONFIG, now: NOW + 4 * HOUR });
      await addNote(database, { ticketId: t.id, actor: second, body: 'Internal: customer was upset, offered a call to Erika.', expectedVersion: t.version, config: CONFIG, now: NOW + 5 * HOUR });
      return t.reference;
    }

    it('fills the KCS structure without personal data', async () => {
      const reference = await solvedTicket();
      const draft = (await draftArticleFromTicket(database, reference, 'Invoices'))!;
      expect(draft).toMatchObject({
        title: 'Invoice numbers jump after import',
        summary: 'Set the next invoice number in Settings → Number ranges after an import.',
        category: 'invoices',
        lang: 'en',
        audience: 'public',
        tags: [],
        sourceTicket: reference,
      });
      const sections = draft.body.split(/^## /m).map((part) => part.trim()).filter(Boolean);
      expect(sections.map((part) => part.split('\n')[0])).toEqual(['Problem', 'Environment', 'Cause', 'Resolution']);
      expect(sections[0]).toContain('after importing last year’s invoices the numbers start at 1 again. Call me on [phone].');
      expect(sections[1]).toContain('- Area: Invoices');
      expect(sections[3]).toContain('Set the next invoice number in Settings → Number ranges after an import.');
      expect(sections[3]).toContain('please open Settings → Number ranges and set the next number.');
      expect(sections[3]).toContain('The importer resets the counter when the file has no numbers; [name]’s file had none.');
      // Only specialists' notes are advice; other internal notes stay out.
      expect(draft.body).not.toContain('upset');
      for (const personal of ['Erika', 'Mustermann', 'erika@example.com', '0170', 'Mara', 'Keller', 'Kind regards', reference]) {
        expect(draft.body).not.toContain(personal);
      }
    });

    it('writes the headings in the ticket’s language', async () => {
      const { ticket } = await newTicket(database, { lang: 'de', subject: 'Mahnung kommt doppelt', description: 'Die Mahnung wurde zweimal verschickt.' });
      const agent = await actorOf(database, await addUser(database, { name: 'Jonas Weber', role: 'first_level' }));
      await solveTicket(database, { ticketId: ticket.id, actor: agent, summary: 'Mahnlauf nur einmal starten.', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
      const draft = (await draftArticleFromTicket(database, ticket.reference))!;
      expect(draft.lang).toBe('de');
      expect(draft.body).toMatch(/^## Problem\n\nDie Mahnung wurde zweimal verschickt\.\n\n## Umgebung\n\n- Bereich: invoices\n\n## Ursache\n\n<!--[^]*-->\n\n## Lösung\n\nMahnlauf nur einmal starten\.\n$/);
    });

    it('gives nothing for an unknown or unsolved ticket', async () => {
      const { ticket } = await newTicket(database);
      expect(await draftArticleFromTicket(database, ticket.reference)).toBeNull();
      expect(await draftArticleFromTicket(database, 'T-2026-999999')).toBeNull();
    });
  });

});

describe('removePersonalData', () => {
  const names = ['Erika Mustermann', 'Mara Keller'];

  it('replaces names (whole and parts, any case), e-mails, phones, IBANs, links and references', () => {
    const text = [
      'My name is Erika Mustermann, mustermann for short; reach me at erika.m@example.com',
      'or +49 30 1234567, mobile 0170 9876543. IBAN DE89 3704 0044 0532 0130 00.',
      'See https://help.example/tickets/status/abcDEF123_- and T-2026-000123.',
      'The invoice of 01.02.2026 for 1.234,56 EUR is RE-2026-0042.',
    ].join('\n');
    const clean = removePersonalData(text, names, 'en');
    expect(clean).toBe(
      [
        'My name is [name], [name] for short; reach me at [e-mail]',
        'or [phone], mobile [phone]. IBAN [IBAN].',
        'See [link] and [ticket].',
        'The invoice of 01.02.2026 for 1.234,56 EUR is RE-2026-0042.',
      ].join('\n'),
    );
  });

  it('drops the greeting and everything from the sign-off on', () => {
    const text = 'Hallo Frau Mustermann,\n\nbitte öffnen Sie die Einstellungen.\n\nViele Grüße\nMara Keller\nTallyhaus Support';
    expect(removePersonalData(text, names, 'de')).toBe('bitte öffnen Sie die Einstellungen.');
  });

  it('drops a line that was only a name (a bare signature)', () => {
    expect(removePersonalData('What can I do?\n\nErika Mustermann\n', names, 'en')).toBe('What can I do?');
    expect(removePersonalData('Ask Erika.\nErika\nThanks', names, 'en')).toBe('Ask [name].');
  });

  it('does not replace a name inside another word', () => {
    expect(removePersonalData('Erikas Mara-thon, Erika.', ['Erika', 'Mara'], 'en')).toBe('Erikas [name]-thon, [name].');
  });
});

describe('articlesFromTicket', () => {
  it('finds the articles whose front matter names the ticket', () => {
    const articles = [
      { slug: 'a', sourceTicket: 'T-2026-000001' },
      { slug: 'b' },
      { slug: 'c', sourceTicket: 'T-2026-000002' },
    ] as Article[];
    expect(articlesFromTicket(articles, 'T-2026-000001').map((article) => article.slug)).toEqual(['a']);
  });
});
