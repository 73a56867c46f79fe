/**
 * Staff notifications: written with the ticket change that causes them ("assigned to you",
 * "advice from level 3", "handed back to you", "customer replied"), never for one's own
 * doing, rolled back with a refused change, and read / marked only by their owner.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { countUnread, listNotifications, markAllRead, markRead } from '../../../src/lib/server/notifications/staff-notifications.ts';
import { getNotificationMailSetting, setNotificationMailSetting } from '../../../src/lib/server/notifications/notification-mail.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { CONFIG, countRows, deskStaff, newTicket, NOW, placeTicket } from '../desk/fixture.ts';

describe.each(ENGINES)('staff notifications on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const kinds = async (userId: number) => (await listNotifications(database, userId)).map((n) => [n.kind, n.actorName]);

  describe('notifications from ticket changes', () => {
    it('tells the specialist, the asker and the assignee, never the actor', async () => {
      const { first, second, third } = await deskStaff(database);
      const { ticket, token } = await newTicket(database);
      // The automatic assignment on arrival notifies the agent (the system assigned it).
      expect(await kinds(first.id)).toEqual([['assigned', null]]);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: null });
      let t = await takeTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
      expect(await kinds(second.id)).toEqual([]);
      t = await escalateTicket(database, { ticketId: t.id, actor: second, reason: 'Undocumented', expectedVersion: t.version, config: CONFIG });
      expect(await kinds(third.id)).toEqual([['assigned', 'Sam Second']]);
      t = await addNote(database, { ticketId: t.id, actor: third, body: 'Rebuild the index.', expectedVersion: t.version, config: CONFIG });
      expect(await kinds(second.id)).toEqual([['advice', 'Tess Third']]);
      t = await handBackTicket(database, { ticketId: t.id, actor: third, guidance: 'Then ask to retry.', expectedVersion: t.version, config: CONFIG });
      expect(await kinds(second.id)).toEqual([['handed_back', 'Tess Third'], ['advice', 'Tess Third']]);
      await addCustomerReply(database, { token, body: 'Still broken.', now: NOW + 1000 });
      expect((await kinds(second.id))[0]).toEqual(['customer_reply', null]);
      expect((await listNotifications(database, second.id))[0]?.reference).toBe(t.reference);
      expect(await countUnread(database, second.id)).toBe(3);
    });

    it('writes nothing when the change is refused', async () => {
      const { second } = await deskStaff(database);
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: null });
      const t = await takeTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
      const before = await countRows(database, 'staff_notifications');
      await expect(escalateTicket(database, { ticketId: t.id, actor: second, reason: 'x', expectedVersion: 0, config: CONFIG })).rejects.toThrow();
      expect(await countRows(database, 'staff_notifications')).toEqual(before);
    });
  });

  describe('reading', () => {
    it('marks one or all read, only one’s own', async () => {
      const { second, third } = await deskStaff(database);
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: null });
      let t = await takeTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
      t = await escalateTicket(database, { ticketId: t.id, actor: second, reason: 'a', expectedVersion: t.version, config: CONFIG });
      t = await addNote(database, { ticketId: t.id, actor: third, body: 'One.', expectedVersion: t.version, config: CONFIG });
      await addNote(database, { ticketId: t.id, actor: third, body: 'Two.', expectedVersion: t.version, config: CONFIG });
      const [first] = await listNotifications(database, second.id);
      expect(await markRead(database, third.id, first!.id, NOW)).toBe(false);
      expect(await countUnread(database, second.id)).toBe(2);
      expect(await markRead(database, second.id, first!.id, NOW)).toBe(true);
      expect(await countUnread(database, second.id)).toBe(1);
      expect(await markAllRead(database, second.id, NOW)).toBe(1);
      expect(await countUnread(database, second.id)).toBe(0);
    });
  });
});

describe.each(ENGINES)('reading and marking notifications on %s', (engine) => {
  const env = useDatabase(engine);
  const addStaff = async (name: string): Promise<number> =>
    (
      await env.current.database.kysely
        .insertInto('users')
        .values({ email: `${name.toLowerCase()}.${engine}@tallyhaus.example`, name, role: 'second_level', password_hash: 'x', created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  it('lists newest first with the actor, marks one (only one’s own) and all read, and keeps the e-mail setting', async () => {
    const { database } = env.current;
    const [reader, actor, other] = [await addStaff('Reader'), await addStaff('Actor'), await addStaff('Other')];
    for (const [n, slug] of ['first-article', 'second-article', 'third-article'].entries()) {
      await database.kysely.insertInto('staff_notifications').values({ user_id: reader, kind: 'article_flagged', article_slug: slug, actor_id: actor, created_at: NOW + n }).execute();
    }
    const listed = await listNotifications(database, reader);
    expect(listed.map((item) => [item.articleSlug, item.actorName, item.readAt])).toEqual([
      ['third-article', 'Actor', null],
      ['second-article', 'Actor', null],
      ['first-article', 'Actor', null],
    ]);
    expect(await listNotifications(database, reader, 1)).toHaveLength(1);
    expect(await markRead(database, other, listed[0]!.id, NOW + 10)).toBe(false);
    expect(await markRead(database, reader, listed[0]!.id, NOW + 10)).toBe(true);
    expect((await listNotifications(database, reader))[0]!.readAt).toBe(NOW + 10);
    expect(await markAllRead(database, reader, NOW + 20)).toBe(2);
    expect(await markAllRead(database, reader, NOW + 30)).toBe(0);
    expect(await getNotificationMailSetting(database, reader)).toEqual({ byEmail: false, lang: 'en' });
    expect(await setNotificationMailSetting(database, reader, { byEmail: true, lang: 'de' })).toEqual({ byEmail: true, lang: 'de' });
    expect(await getNotificationMailSetting(database, reader)).toEqual({ byEmail: true, lang: 'de' });
    expect(await getNotificationMailSetting(database, 99_999_999)).toEqual({ byEmail: false, lang: 'en' });
  });
});
