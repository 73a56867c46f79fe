/**
 * `replyToCustomer`: first response, status and reply e-mail.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { CONFIG, deskStaff, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('reply-to-customer on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('replyToCustomer', () => {
    it('sets the first response once, opens a new ticket and mails the reply', async () => {
      const { first } = await staff();
      const { ticket } = await newTicket(database);
      const once = await replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'Please check <b>Settings</b>.', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
      expect(once).toMatchObject({ status: 'open', firstResponseAt: NOW + HOUR });
      const twice = await replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'Any news?', expectedVersion: once.version, config: CONFIG, now: NOW + 2 * HOUR });
      expect(twice.firstResponseAt).toBe(NOW + HOUR);
      const mail = (await listOutbox(database)).find((entry) => entry.body.includes('Please check <b>Settings</b>.'))!;
      expect(mail).toMatchObject({ to: 'erika@example.com', ticketId: ticket.id });
      expect(mail.subject).toBe('[T-2026-000001] New reply to your request: Invoice numbers jump after import');
      expect(mail.body).toContain('Fiona First has replied');
      expect(mail.body).toMatch(/^\{\{status-link\}\}$/m);
      await expectDeskError(() => replyToCustomer(database, { ticketId: ticket.id, actor: first, body: '', expectedVersion: twice.version, config: CONFIG }), 'invalid');
      await expectDeskError(() => replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'x'.repeat(20_001), expectedVersion: twice.version, config: CONFIG }), 'invalid');
    });
  });
});
