/**
 * `mergeTickets`: only tickets of the same customer; the messages move (keeping who and when),
 * the merged ticket points to the other and is closed, both timelines say so, the customer
 * gets one e-mail — or, when refused, nothing at all is written.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mergeTickets } from '../../../src/lib/server/desk/merge-tickets.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { getMergedInto, listMergedFrom } from '../../../src/lib/server/desk/ticket-relations.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { CONFIG, countRows, deskStaff, eventsOf, expectDeskError, newTicket, NOW, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('merge-tickets on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('mergeTickets', () => {
    it('moves the messages, closes the merged ticket pointing to the other, and tells the customer', async () => {
      const { first } = await deskStaff(database);
      const into = (await newTicket(database, { subject: 'Invoice numbers restart', email: 'Erika@Example.com' }, NOW)).ticket;
      const merged = (await newTicket(database, { subject: 'Again: numbering', description: 'Still numbering from 1.', lang: 'de' }, NOW + 1000)).ticket;
      await placeTicket(database, merged.id, { assigneeId: first.id });
      const replied = await replyToCustomer(database, { ticketId: merged.id, actor: first, body: 'We are on it.', expectedVersion: merged.version, config: CONFIG, now: NOW + 2000 });
      const mailsBefore = await countRows(database, 'outbox');
      const after = await mergeTickets(database, { ticketId: merged.id, actor: first, intoReference: ` ${into.reference.toLowerCase()} `, expectedVersion: replied.version, config: CONFIG, now: NOW + 3000 });

      expect(after).toMatchObject({ status: 'closed', assigneeId: null, closedAt: NOW + 3000, version: replied.version + 1 });
      expect((await getMergedInto(database, merged.id))?.reference).toBe(into.reference);
      expect((await listMergedFrom(database, into.id)).map((t) => t.reference)).toEqual([merged.reference]);
      const target = (await getTicket(database, into.id))!;
      expect(target.version).toBe(into.version + 1);
      const messages = (await listTimeline(database, into.id, { includeInternal: true })).filter((entry) => entry.entry === 'message');
      expect(messages.map((m) => [m.entry === 'message' && m.kind, m.at, m.entry === 'message' && m.authorName])).toEqual([
        ['customer', NOW, 'Erika Mustermann'],
        ['customer', NOW + 1000, 'Erika Mustermann'],
        ['reply', NOW + 2000, 'Fiona First'],
      ]);
      expect(await countRows(database, 'ticket_messages')).toBe(3);
      expect((await eventsOf(database, into.id)).at(-1)).toMatchObject({ type: 'merged_from', from_value: merged.reference });
      expect((await eventsOf(database, merged.id)).slice(-2).map((e) => [e.type, e.to_value])).toEqual([
        ['status', 'closed'],
        ['merged_into', into.reference],
      ]);
      expect(await countRows(database, 'outbox')).toBe(mailsBefore + 1);
      const mail = await database.kysely.selectFrom('outbox').select(['to_address as to', 'subject', 'body']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(mail.subject).toBe(`[${merged.reference}] Zusammengeführt mit ${into.reference}: Again: numbering`);
      expect(mail.body).toContain(`Ihre Nachrichten stehen jetzt bei ${into.reference}`);
    });

    it('refuses another customer, itself, an unknown or closed ticket, and a consultation in progress — writing nothing', async () => {
      const { first } = await deskStaff(database);
      const merged = (await newTicket(database)).ticket;
      await placeTicket(database, merged.id, { assigneeId: first.id });
      const stranger = (await newTicket(database, { email: 'someone@example.com' })).ticket;
      const closed = (await newTicket(database)).ticket;
      await placeTicket(database, closed.id, { status: 'closed' });
      const before = { events: await countRows(database, 'ticket_events'), mails: await countRows(database, 'outbox') };
      const merge = (into: string) => mergeTickets(database, { ticketId: merged.id, actor: first, intoReference: into, expectedVersion: merged.version, config: CONFIG });
      expect((await expectDeskError(() => merge(stranger.reference), 'invalid')).key).toBe('org.error.merge.customer');
      expect((await expectDeskError(() => merge(merged.reference), 'invalid')).key).toBe('org.error.merge.self');
      expect((await expectDeskError(() => merge('T-2026-999999'), 'not_found')).key).toBe('org.error.merge.target');
      expect((await expectDeskError(() => merge(''), 'invalid')).key).toBe('org.error.merge.target');
      expect((await expectDeskError(() => merge(closed.reference), 'invalid')).key).toBe('org.error.merge.closed');
      const target = (await newTicket(database)).ticket;
      await database.kysely.insertInto('ticket_consultations').values({ ticket_id: merged.id, area: 'invoices', question: 'Q', asked_at: NOW }).execute();
      const mid = { events: await countRows(database, 'ticket_events'), mails: await countRows(database, 'outbox') };
      expect((await expectDeskError(() => merge(target.reference), 'invalid')).key).toBe('org.error.merge.consultation');
      expect({ events: await countRows(database, 'ticket_events'), mails: await countRows(database, 'outbox') }).toEqual(mid);
      expect(mid.events).toBeGreaterThan(before.events); // only the new target's own creation
      expect(await getTicket(database, merged.id)).toMatchObject({ status: 'new', version: merged.version });
    });
  });
});
