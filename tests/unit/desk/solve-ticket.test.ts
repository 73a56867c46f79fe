/**
 * `solveTicket`: summary or article (one required), solution e-mail, reuse.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { reopenTicket } from '../../../src/lib/server/desk/reopen-ticket.ts';
import { articleReuseCounts, listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { deskDatabase, CONFIG, deskStaff, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

describe('solveTicket', () => {
  it('solves with a summary or an article (one is required), mails the solution and counts reuse', async () => {
    const { first } = staff();
    const a = newTicket(db, { lang: 'de' });
    const b = newTicket(db);
    expect(expectDeskError(() => solveTicket(db, { ticketId: a.ticket.id, actor: first, expectedVersion: 1, config: CONFIG }), 'invalid').message).toMatch(/summary or link an article/);
    expectDeskError(() => solveTicket(db, { ticketId: a.ticket.id, actor: first, summary: '  ', articleSlug: '', expectedVersion: 1, config: CONFIG }), 'invalid');
    expectDeskError(() => solveTicket(db, { ticketId: a.ticket.id, actor: first, articleSlug: '../etc/passwd', expectedVersion: 1, config: CONFIG }), 'invalid');
    const solvedA = solveTicket(db, { ticketId: a.ticket.id, actor: first, articleSlug: 'rechnungsnummern-format', expectedVersion: 1, config: CONFIG, now: NOW + HOUR });
    expect(solvedA).toMatchObject({ status: 'solved', solution: null, firstResponseAt: NOW + HOUR });
    solveTicket(db, { ticketId: b.ticket.id, actor: first, summary: 'Reset the number range.', articleSlug: 'rechnungsnummern-format', expectedVersion: 1, config: CONFIG });
    expect(listLinkedArticles(db, a.ticket.id)).toEqual(['rechnungsnummern-format']);
    expect(articleReuseCounts(db)).toEqual(new Map([['rechnungsnummern-format', 2]]));

    const mailA = (await listOutbox(deskDatabase(db))).find((mail) => mail.ticketId === a.ticket.id && mail.subject.includes('gelöst'))!;
    expect(mailA.body).toContain('https://help.tallyhaus.example/de/articles/rechnungsnummern-format');
    expect(mailA.body).toContain('nach 7 Tagen geschlossen');
    // The answer links open a page (GET never acts) under a secret of their own, not the status token.
    expect(mailA.body).toMatch(/Ja, das hat geholfen: https:\/\/help\.tallyhaus\.example\/tickets\/answer\/[A-Za-z0-9_-]{43}\?a=solved/);
    expect(mailA.body).toMatch(/Schlecht: https:\/\/help\.tallyhaus\.example\/tickets\/answer\/[A-Za-z0-9_-]{43}\?a=bad/);
    expect(mailA.body).not.toContain(a.token);
    const mailB = (await listOutbox(deskDatabase(db))).find((mail) => mail.ticketId === b.ticket.id && mail.subject.includes('solved'))!;
    expect(mailB.body).toContain('Reset the number range.');

    // Reopened: the link no longer counts as a solution until the ticket is solved again.
    reopenTicket(db, { token: a.token, body: 'Did not help', config: CONFIG });
    expect(articleReuseCounts(db)).toEqual(new Map([['rechnungsnummern-format', 1]]));
  });
});
