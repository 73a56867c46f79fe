/**
 * Notifications by e-mail: off by default; once on, each new notification queues one e-mail in
 * the outbox, to the staff member it is for, in the language chosen with the setting, with a
 * link on the configured site; rolled back with the change; off again, nothing more is sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { getNotificationMailSetting, setNotificationMailSetting, setNotificationSiteUrl } from '../../../src/lib/server/notifications/notification-mail.ts';
import { deskDatabase, CONFIG, deskStaff, newTicket, openDeskDb, placeTicket } from '../desk/fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
  setNotificationSiteUrl('https://help.example.com/');
});

afterEach(() => close());

/** The outbox e-mails to a staff member. */
const mailsTo = async (user: { id: number }) => {
  const { email } = db.prepare('SELECT email FROM users WHERE id = ?').get(user.id) as { email: string };
  return (await listOutbox(deskDatabase(db))).filter((mail) => mail.to === email);
};

describe('notifications by e-mail', () => {
  it('is off by default: a notification queues no e-mail', async () => {
    const { first } = deskStaff(db);
    expect(await getNotificationMailSetting(deskDatabase(db), first.id)).toEqual({ byEmail: false, lang: 'en' });
    newTicket(db);
    expect(await mailsTo(first)).toEqual([]);
  });

  it('once on, sends each notification in the chosen language with a link on the site', async () => {
    const { second, third } = deskStaff(db);
    expect(await setNotificationMailSetting(deskDatabase(db), third.id, { byEmail: true, lang: 'de' })).toEqual({ byEmail: true, lang: 'de' });
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: null });
    const taken = takeTicket(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
    escalateTicket(db, { ticketId: taken.id, actor: second, reason: 'Undocumented', expectedVersion: taken.version, config: CONFIG });
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
    const { second, third } = deskStaff(db);
    await setNotificationMailSetting(deskDatabase(db), third.id, { byEmail: true, lang: 'en' });
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: null });
    const taken = takeTicket(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
    // A stale version: refused, so neither the notification nor its e-mail exists.
    expect(() => escalateTicket(db, { ticketId: taken.id, actor: second, reason: 'x', expectedVersion: taken.version - 1, config: CONFIG })).toThrow();
    expect(await mailsTo(third)).toEqual([]);
    await setNotificationMailSetting(deskDatabase(db), third.id, { byEmail: false, lang: 'en' });
    escalateTicket(db, { ticketId: taken.id, actor: second, reason: 'Undocumented', expectedVersion: taken.version, config: CONFIG });
    expect(await mailsTo(third)).toEqual([]);
  });
});
