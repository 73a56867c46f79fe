/**
 * Staff notifications: written with the ticket change that causes them ("assigned to you",
 * "advice from level 3", "handed back to you", "customer replied"), never for one's own
 * doing, rolled back with a refused change, and read / marked only by their owner.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { countUnread, listNotifications, markAllRead, markRead } from '../../../src/lib/server/notifications/staff-notifications.ts';
import { CONFIG, deskStaff, newTicket, NOW, openDeskDb, placeTicket } from '../desk/fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

const kinds = (userId: number) => listNotifications(db, userId).map((n) => [n.kind, n.actorName]);

describe('notifications from ticket changes', () => {
  it('tells the specialist, the asker and the assignee, never the actor', () => {
    const { first, second, third } = deskStaff(db);
    const { ticket, token } = newTicket(db);
    // The automatic assignment on arrival notifies the agent (the system assigned it).
    expect(kinds(first.id)).toEqual([['assigned', null]]);
    placeTicket(db, ticket.id, { level: 2, assigneeId: null });
    let t = takeTicket(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
    expect(kinds(second.id)).toEqual([]);
    t = escalateTicket(db, { ticketId: t.id, actor: second, reason: 'Undocumented', expectedVersion: t.version, config: CONFIG });
    expect(kinds(third.id)).toEqual([['assigned', 'Sam Second']]);
    t = addNote(db, { ticketId: t.id, actor: third, body: 'Rebuild the index.', expectedVersion: t.version, config: CONFIG });
    expect(kinds(second.id)).toEqual([['advice', 'Tess Third']]);
    t = handBackTicket(db, { ticketId: t.id, actor: third, guidance: 'Then ask to retry.', expectedVersion: t.version, config: CONFIG });
    expect(kinds(second.id)).toEqual([['handed_back', 'Tess Third'], ['advice', 'Tess Third']]);
    addCustomerReply(db, { token, body: 'Still broken.', now: NOW + 1000 });
    expect(kinds(second.id)[0]).toEqual(['customer_reply', null]);
    expect(listNotifications(db, second.id)[0]?.reference).toBe(t.reference);
    expect(countUnread(db, second.id)).toBe(3);
  });

  it('writes nothing when the change is refused', () => {
    const { second } = deskStaff(db);
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: null });
    const t = takeTicket(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
    const before = db.prepare('SELECT COUNT(*) AS n FROM staff_notifications').get();
    expect(() => escalateTicket(db, { ticketId: t.id, actor: second, reason: 'x', expectedVersion: 0, config: CONFIG })).toThrow();
    expect(db.prepare('SELECT COUNT(*) AS n FROM staff_notifications').get()).toEqual(before);
  });
});

describe('reading', () => {
  it('marks one or all read, only one’s own', () => {
    const { second, third } = deskStaff(db);
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: null });
    let t = takeTicket(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
    t = escalateTicket(db, { ticketId: t.id, actor: second, reason: 'a', expectedVersion: t.version, config: CONFIG });
    t = addNote(db, { ticketId: t.id, actor: third, body: 'One.', expectedVersion: t.version, config: CONFIG });
    addNote(db, { ticketId: t.id, actor: third, body: 'Two.', expectedVersion: t.version, config: CONFIG });
    const [first] = listNotifications(db, second.id);
    expect(markRead(db, third.id, first!.id, NOW)).toBe(false);
    expect(countUnread(db, second.id)).toBe(2);
    expect(markRead(db, second.id, first!.id, NOW)).toBe(true);
    expect(countUnread(db, second.id)).toBe(1);
    expect(markAllRead(db, second.id, NOW)).toBe(1);
    expect(countUnread(db, second.id)).toBe(0);
  });
});
