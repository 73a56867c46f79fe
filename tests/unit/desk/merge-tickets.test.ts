/**
 * `mergeTickets`: only tickets of the same customer; the messages move (keeping who and when),
 * the merged ticket points to the other and is closed, both timelines say so, the customer
 * gets one e-mail — or, when refused, nothing at all is written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { mergeTickets } from '../../../src/lib/server/desk/merge-tickets.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { getMergedInto, listMergedFrom } from '../../../src/lib/server/desk/ticket-relations.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { CONFIG, countRows, deskStaff, eventsOf, expectDeskError, newTicket, NOW, openDeskDb, placeTicket } from './fixture.ts';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = openDeskDb()));
afterEach(() => close());

describe('mergeTickets', () => {
  it('moves the messages, closes the merged ticket pointing to the other, and tells the customer', () => {
    const { first } = deskStaff(db);
    const into = newTicket(db, { subject: 'Invoice numbers restart', email: 'Erika@Example.com' }, NOW).ticket;
    const merged = newTicket(db, { subject: 'Again: numbering', description: 'Still numbering from 1.', lang: 'de' }, NOW + 1000).ticket;
    placeTicket(db, merged.id, { assigneeId: first.id });
    const replied = replyToCustomer(db, { ticketId: merged.id, actor: first, body: 'We are on it.', expectedVersion: merged.version, config: CONFIG, now: NOW + 2000 });
    const mailsBefore = countRows(db, 'outbox');
    const after = mergeTickets(db, { ticketId: merged.id, actor: first, intoReference: ` ${into.reference.toLowerCase()} `, expectedVersion: replied.version, config: CONFIG, now: NOW + 3000 });

    expect(after).toMatchObject({ status: 'closed', assigneeId: null, closedAt: NOW + 3000, version: replied.version + 1 });
    expect(getMergedInto(db, merged.id)?.reference).toBe(into.reference);
    expect(listMergedFrom(db, into.id).map((t) => t.reference)).toEqual([merged.reference]);
    const target = getTicket(db, into.id)!;
    expect(target.version).toBe(into.version + 1);
    const messages = listTimeline(db, into.id, { includeInternal: true }).filter((entry) => entry.entry === 'message');
    expect(messages.map((m) => [m.entry === 'message' && m.kind, m.at, m.entry === 'message' && m.authorName])).toEqual([
      ['customer', NOW, 'Erika Mustermann'],
      ['customer', NOW + 1000, 'Erika Mustermann'],
      ['reply', NOW + 2000, 'Fiona First'],
    ]);
    expect(countRows(db, 'ticket_messages')).toBe(3);
    expect(eventsOf(db, into.id).at(-1)).toMatchObject({ type: 'merged_from', from_value: merged.reference });
    expect(eventsOf(db, merged.id).slice(-2).map((e) => [e.type, e.to_value])).toEqual([
      ['status', 'closed'],
      ['merged_into', into.reference],
    ]);
    expect(countRows(db, 'outbox')).toBe(mailsBefore + 1);
    const mail = db.prepare('SELECT to_address AS "to", subject, body FROM outbox ORDER BY id DESC LIMIT 1').get() as { to: string; subject: string; body: string };
    expect(mail.subject).toBe(`[${merged.reference}] Zusammengeführt mit ${into.reference}: Again: numbering`);
    expect(mail.body).toContain(`Ihre Nachrichten stehen jetzt bei ${into.reference}`);
  });

  it('refuses another customer, itself, an unknown or closed ticket, and a consultation in progress — writing nothing', () => {
    const { first } = deskStaff(db);
    const merged = newTicket(db).ticket;
    placeTicket(db, merged.id, { assigneeId: first.id });
    const stranger = newTicket(db, { email: 'someone@example.com' }).ticket;
    const closed = newTicket(db).ticket;
    placeTicket(db, closed.id, { status: 'closed' });
    const before = { events: countRows(db, 'ticket_events'), mails: countRows(db, 'outbox') };
    const merge = (into: string) => mergeTickets(db, { ticketId: merged.id, actor: first, intoReference: into, expectedVersion: merged.version, config: CONFIG });
    expect(expectDeskError(() => merge(stranger.reference), 'invalid').key).toBe('org.error.merge.customer');
    expect(expectDeskError(() => merge(merged.reference), 'invalid').key).toBe('org.error.merge.self');
    expect(expectDeskError(() => merge('T-2026-999999'), 'not_found').key).toBe('org.error.merge.target');
    expect(expectDeskError(() => merge(''), 'invalid').key).toBe('org.error.merge.target');
    expect(expectDeskError(() => merge(closed.reference), 'invalid').key).toBe('org.error.merge.closed');
    const target = newTicket(db).ticket;
    db.prepare("INSERT INTO ticket_consultations (ticket_id, area, question, asked_at) VALUES (?, 'invoices', 'Q', ?)").run(merged.id, NOW);
    const mid = { events: countRows(db, 'ticket_events'), mails: countRows(db, 'outbox') };
    expect(expectDeskError(() => merge(target.reference), 'invalid').key).toBe('org.error.merge.consultation');
    expect({ events: countRows(db, 'ticket_events'), mails: countRows(db, 'outbox') }).toEqual(mid);
    expect(mid.events).toBeGreaterThan(before.events); // only the new target's own creation
    expect(getTicket(db, merged.id)).toMatchObject({ status: 'new', version: merged.version });
  });
});
