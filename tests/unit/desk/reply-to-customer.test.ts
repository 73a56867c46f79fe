/**
 * `replyToCustomer`: first response, status and reply e-mail.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { deskDatabase, CONFIG, deskStaff, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

describe('replyToCustomer', () => {
  it('sets the first response once, opens a new ticket and mails the reply', async () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const once = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Please check <b>Settings</b>.', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
    expect(once).toMatchObject({ status: 'open', firstResponseAt: NOW + HOUR });
    const twice = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Any news?', expectedVersion: once.version, config: CONFIG, now: NOW + 2 * HOUR });
    expect(twice.firstResponseAt).toBe(NOW + HOUR);
    const mail = (await listOutbox(deskDatabase(db))).find((entry) => entry.body.includes('Please check <b>Settings</b>.'))!;
    expect(mail).toMatchObject({ to: 'erika@example.com', ticketId: ticket.id });
    expect(mail.subject).toBe('[T-2026-000001] New reply to your request: Invoice numbers jump after import');
    expect(mail.body).toContain('Fiona First has replied');
    expect(mail.body).toMatch(/^\{\{status-link\}\}$/m);
    expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: '', expectedVersion: twice.version, config: CONFIG }), 'invalid');
    expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'x'.repeat(20_001), expectedVersion: twice.version, config: CONFIG }), 'invalid');
  });
});
