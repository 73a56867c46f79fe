/**
 * Notifications by e-mail: off by default; once on, each new notification queues one e-mail in
 * the outbox, to the staff member it is for, in the language chosen with the setting, with a
 * link on the configured site; rolled back with the change; off again, nothing more is sent.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { getNotificationMailSetting, setNotificationMailSetting, setNotificationSiteUrl } from '../../../src/lib/server/notifications/notification-mail.ts';
import { CONFIG, deskStaff, newTicket, placeTicket } from '../desk/fixture.ts';

describe.each(ENGINES)('notification mail on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
    setNotificationSiteUrl('https://help.example.com/');
  });

  /** The outbox e-mails to a staff member. */
  const mailsTo = async (user: { id: number }) => {
    const { email } = await database.kysely.selectFrom('users').select('email').where('id', '=', user.id).executeTakeFirstOrThrow();
    return (await listOutbox(database)).filter((mail) => mail.to === email);
  };

  describe('notifications by e-mail', () => {
    it('is off by default: a notification queues no e-mail', async () => {
      const { first } = await deskStaff(database);
      expect(await getNotificationMailSetting(database, first.id)).toEqual({ byEmail: false, lang: 'en' });
      await newTicket(database);
      expect(await mailsTo(first)).toEqual([]);
    });

    it('once on, sends each notification in the chosen language with a link on the site', async () => {
      const { second, third } = await deskStaff(database);
      expect(await setNotificationMailSetting(database, third.id, { byEmail: true, lang: 'de' })).toEqual({ byEmail: true, lang: 'de' });
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: null });
      const taken = await takeTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
      await escalateTicket(database, { ticketId: taken.id, actor: second, reason: 'Undocumented', expectedVersion: taken.version, config: CONFIG });
      const mails = await mailsTo(third);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Tierzero-Desk: ${ticket.reference} wurde Ihnen zugewiesen`);
      expect(mails[0]!.body).toContain('Hallo Tess Third,');
      expect(mails[0]!.body).toContain(`https://help.example.com/staff/tickets/${ticket.reference}`);
      expect(mails[0]!.body).toContain('https://help.example.com/staff/account');
      expect(mails[0]!.body).not.toContain('localhost');
      // The one who acted gets nothing (no notification, so no e-mail).
      expect(await mailsTo(second)).toEqual([]);
    });

    it('is rolled back with a refused change, and stops when turned off', async () => {
      const { second, third } = await deskStaff(database);
      await setNotificationMailSetting(database, third.id, { byEmail: true, lang: 'en' });
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: null });
      const taken = await takeTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
      // A stale version: refused, so neither the notification nor its e-mail exists.
      await expect(escalateTicket(database, { ticketId: taken.id, actor: second, reason: 'x', expectedVersion: taken.version - 1, config: CONFIG })).rejects.toThrow();
      expect(await mailsTo(third)).toEqual([]);
      await setNotificationMailSetting(database, third.id, { byEmail: false, lang: 'en' });
      await escalateTicket(database, { ticketId: taken.id, actor: second, reason: 'Undocumented', expectedVersion: taken.version, config: CONFIG });
      expect(await mailsTo(third)).toEqual([]);
    });
  });
});
