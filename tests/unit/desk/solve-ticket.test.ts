/**
 * `solveTicket`: summary or article (one required), solution e-mail, reuse.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { articleReuseCounts, listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { CONFIG, deskStaff, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

describe('solveTicket', () => {
  it('solves with a summary or an article (one is required), mails the solution and counts reuse', () => {
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

    const mailA = listOutbox(db).find((mail) => mail.ticketId === a.ticket.id && mail.subject.includes('gelöst'))!;
    expect(mailA.body).toContain('https://help.tallyhaus.example/de/articles/rechnungsnummern-format');
    expect(mailA.body).toContain('innerhalb von 7 Tagen');
    const mailB = listOutbox(db).find((mail) => mail.ticketId === b.ticket.id && mail.subject.includes('solved'))!;
    expect(mailB.body).toContain('Reset the number range.');

    // Reopened: the link no longer counts as a solution until the ticket is solved again.
    addCustomerReply(db, { token: a.token, body: 'Did not help' });
    expect(articleReuseCounts(db)).toEqual(new Map([['rechnungsnummern-format', 1]]));
  });
});
