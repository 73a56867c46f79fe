/**
 * `staffChange`: version conflicts (refused with what changed since) and unknown tickets.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { deskDatabase, actorOf, addUser, CONFIG, countRows, deskStaff, expectDeskError, newTicket, NOW } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

const count = (table: string): number => countRows(db, table);

describe('version conflicts', () => {
  it('refuses an action against an older version and returns what changed since', () => {
    const { first, admin } = staff();
    const { ticket } = newTicket(db);
    const seen = ticket.version;
    replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'First answer', expectedVersion: seen, config: CONFIG, now: NOW + 1000 });
    setPriority(db, { ticketId: ticket.id, actor: admin, priority: 'urgent', expectedVersion: seen + 1, config: CONFIG, now: NOW + 2000 });
    const before = { events: count('ticket_events'), messages: count('ticket_messages') };

    const error = expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: seen, config: CONFIG, now: NOW + 3000 }), 'conflict');
    expect(error.message).toMatch(/changed by someone else/);
    expect(error.currentVersion).toBe(seen + 2);
    expect(error.changes.map((entry) => (entry.entry === 'message' ? `message:${entry.kind}:${entry.body}` : `event:${entry.type}:${entry.to}`))).toEqual([
      'message:reply:First answer',
      'event:status:open',
      'event:priority:urgent',
    ]);
    expect(error.changes.find((entry) => entry.entry === 'message')).toMatchObject({ authorName: 'Fiona First', authorRole: 'first_level' });
    expect(error.changes.find((entry) => entry.entry === 'event' && entry.type === 'priority')).toMatchObject({ actorName: 'Ada Admin', from: 'normal' });
    expect({ events: count('ticket_events'), messages: count('ticket_messages') }).toEqual(before);

    // Only what came after the version the caller saw.
    const later = expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: seen + 1, config: CONFIG }), 'conflict');
    expect(later.changes.map((entry) => (entry.entry === 'event' ? entry.type : entry.kind))).toEqual(['priority']);

    // Submitting again against the current version works.
    expect(addNote(db, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: error.currentVersion!, config: CONFIG }).version).toBe(seen + 3);
  });

  it('lets only one of two agents acting on the same version win', async () => {
    const { first } = staff();
    const other = actorOf(db, addUser(db, { name: 'Otto Other', role: 'first_level' }));
    const { ticket } = newTicket(db);
    replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Answer A', expectedVersion: ticket.version, config: CONFIG });
    const error = expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: other, body: 'Answer B', expectedVersion: ticket.version, config: CONFIG }), 'conflict');
    expect(error.changes.some((entry) => entry.entry === 'message' && entry.body === 'Answer A')).toBe(true);
    expect((await listOutbox(deskDatabase(db))).filter((mail) => mail.body.includes('Answer B'))).toEqual([]);
  });

  it('reports a conflict for a version from the future too, with no changes', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const error = expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: first, body: 'x', expectedVersion: ticket.version + 5, config: CONFIG }), 'conflict');
    expect(error.changes).toEqual([]);
    expect(error.currentVersion).toBe(ticket.version);
  });

  it('refuses unknown tickets', () => {
    const { first } = staff();
    expectDeskError(() => addNote(db, { ticketId: 4711, actor: first, body: 'x', expectedVersion: 1, config: CONFIG }), 'not_found');
  });
});
