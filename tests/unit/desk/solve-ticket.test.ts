/**
 * `solveTicket`: summary or article (one required), solution e-mail, reuse.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { reopenTicket } from '../../../src/lib/server/desk/reopen-ticket.ts';
import { articleReuseCounts, listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { CONFIG, deskStaff, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('solve-ticket on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('solveTicket', () => {
    it('solves with a summary or an article (one is required), mails the solution and counts reuse', async () => {
      const { first } = await staff();
      const a = await newTicket(database, { lang: 'de' });
      const b = await newTicket(database);
      expect((await expectDeskError(() => solveTicket(database, { ticketId: a.ticket.id, actor: first, expectedVersion: 1, config: CONFIG }), 'invalid')).message).toMatch(/summary or link an article/);
      await expectDeskError(() => solveTicket(database, { ticketId: a.ticket.id, actor: first, summary: '  ', articleSlug: '', expectedVersion: 1, config: CONFIG }), 'invalid');
      await expectDeskError(() => solveTicket(database, { ticketId: a.ticket.id, actor: first, articleSlug: '../etc/passwd', expectedVersion: 1, config: CONFIG }), 'invalid');
      const solvedA = await solveTicket(database, { ticketId: a.ticket.id, actor: first, articleSlug: 'rechnungsnummern-format', expectedVersion: 1, config: CONFIG, now: NOW + HOUR });
      expect(solvedA).toMatchObject({ status: 'solved', solution: null, firstResponseAt: NOW + HOUR });
      await solveTicket(database, { ticketId: b.ticket.id, actor: first, summary: 'Reset the number range.', articleSlug: 'rechnungsnummern-format', expectedVersion: 1, config: CONFIG });
      expect(await listLinkedArticles(database, a.ticket.id)).toEqual(['rechnungsnummern-format']);
      expect(await articleReuseCounts(database)).toEqual(new Map([['rechnungsnummern-format', 2]]));

      const mailA = (await listOutbox(database)).find((mail) => mail.ticketId === a.ticket.id && mail.subject.includes('gelöst'))!;
      expect(mailA.body).toContain('https://help.tallyhaus.example/de/articles/rechnungsnummern-format');
      expect(mailA.body).toContain('nach 7 Tagen geschlossen');
      // The answer links open a page (GET never acts) under a secret of their own, not the status token.
      expect(mailA.body).toMatch(/Ja, das hat geholfen: https:\/\/help\.tallyhaus\.example\/tickets\/answer\/[A-Za-z0-9_-]{43}\?a=solved/);
      expect(mailA.body).toMatch(/Schlecht: https:\/\/help\.tallyhaus\.example\/tickets\/answer\/[A-Za-z0-9_-]{43}\?a=bad/);
      expect(mailA.body).not.toContain(a.token);
      const mailB = (await listOutbox(database)).find((mail) => mail.ticketId === b.ticket.id && mail.subject.includes('solved'))!;
      expect(mailB.body).toContain('Reset the number range.');

      // Reopened: the link no longer counts as a solution until the ticket is solved again.
      await reopenTicket(database, { token: a.token, body: 'Did not help', config: CONFIG });
      expect(await articleReuseCounts(database)).toEqual(new Map([['rechnungsnummern-format', 1]]));
    });
  });
});
