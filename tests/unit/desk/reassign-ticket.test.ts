/**
 * Passing tickets by hand: assign to a named colleague of the level with a reason, take from
 * a colleague with a reason, release an away agent's ticket to the queue (second level and
 * admins, every level).
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { assignToColleague, colleaguesFor, releaseTicket } from '../../../src/lib/server/desk/reassign-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { actorOf, addUser, CONFIG, eventsOf, newTicket, placeTicket } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DeskError);
    return (error as DeskError).code;
  }
  throw new Error('expected a DeskError');
}

describe('assignToColleague', () => {
  it('gives the ticket to a named colleague of its level, with the reason in the timeline', () => {
    const fiona = actorOf(db, addUser(db, { name: 'Fiona', role: 'first_level' }));
    const { ticket } = newTicket(db);
    expect(ticket.assigneeId).toBe(fiona.id);
    const fred = addUser(db, { name: 'Fred', role: 'first_level', present: false });
    const sam = addUser(db, { name: 'Sam', role: 'second_level' });
    addUser(db, { name: 'Disabled', role: 'first_level', disabled: true });
    expect(colleaguesFor(db, ticket, 3).map((colleague) => [colleague.name, colleague.present])).toEqual([
      ['Fiona', true],
      ['Fred', false],
    ]);

    const after = assignToColleague(db, { ticketId: ticket.id, actor: fiona, colleagueId: fred, reason: 'Fred knows this customer', expectedVersion: ticket.version, config: CONFIG });
    expect(after).toMatchObject({ assigneeId: fred, version: ticket.version + 1 });
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'assigned', actor_id: fiona.id, from_value: String(fiona.id), to_value: String(fred), detail: 'Fred knows this customer' });

    // Not to another level, not without a reason; nothing changes.
    expect(codeOf(() => assignToColleague(db, { ticketId: ticket.id, actor: fiona, colleagueId: sam, reason: 'r', expectedVersion: after.version, config: CONFIG }))).toBe('invalid');
    expect(codeOf(() => assignToColleague(db, { ticketId: ticket.id, actor: fiona, colleagueId: fiona.id, reason: '  ', expectedVersion: after.version, config: CONFIG }))).toBe('invalid');
    expect(getTicket(db, ticket.id)).toMatchObject({ assigneeId: fred, version: after.version });
  });

  it('keeps specialists to colleagues of the ticket’s subject area', () => {
    const tess = actorOf(db, addUser(db, { name: 'Tess', role: 'third_level', areas: ['invoices'] }));
    const banking = addUser(db, { name: 'Banking', role: 'third_level', areas: ['banking'] });
    const invoices = addUser(db, { name: 'Ina', role: 'third_level', areas: ['invoices'] });
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 3, assigneeId: tess.id });
    expect(codeOf(() => assignToColleague(db, { ticketId: ticket.id, actor: tess, colleagueId: banking, reason: 'r', expectedVersion: ticket.version, config: CONFIG }))).toBe('invalid');
    expect(assignToColleague(db, { ticketId: ticket.id, actor: tess, colleagueId: invoices, reason: 'Holiday', expectedVersion: ticket.version, config: CONFIG }).assigneeId).toBe(invoices);
  });
});

describe('takeTicket from a colleague', () => {
  it('records the reason', () => {
    addUser(db, { name: 'Fiona', role: 'first_level' });
    const { ticket } = newTicket(db);
    const fred = actorOf(db, addUser(db, { name: 'Fred', role: 'first_level' }));
    const after = takeTicket(db, { ticketId: ticket.id, actor: fred, reason: 'Fiona is ill', expectedVersion: ticket.version, config: CONFIG });
    expect(after.assigneeId).toBe(fred.id);
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ detail: 'taken: Fiona is ill' });
  });
});

describe('releaseTicket', () => {
  it.each([3, 2] as const)('lets second level and admins release an away agent’s ticket of any level to the queue (DESK_LEVELS=%i)', (levels) => {
    const config = { ...CONFIG, levels };
    const fiona = addUser(db, { name: 'Fiona', role: 'first_level' });
    const second = actorOf(db, addUser(db, { name: 'Sam', role: 'second_level' }));
    const admin = actorOf(db, addUser(db, { name: 'Ada', role: 'admin' }));
    const first = actorOf(db, addUser(db, { name: 'Fred', role: 'first_level', present: false }));
    const one = newTicket(db).ticket;
    const two = newTicket(db).ticket;
    expect([one.assigneeId, two.assigneeId]).toEqual([fiona, fiona]);
    // Fiona is present: nothing to release.
    expect(codeOf(() => releaseTicket(db, { ticketId: one.id, actor: second, expectedVersion: one.version, config }))).toBe('invalid');
    db.prepare('UPDATE users SET present = 0 WHERE id = ?').run(fiona);
    // First level may not release, not even their own level's tickets.
    expect(codeOf(() => releaseTicket(db, { ticketId: one.id, actor: first, expectedVersion: one.version, config }))).toBe('forbidden');
    const released = releaseTicket(db, { ticketId: one.id, actor: second, reason: 'Fiona is on holiday', expectedVersion: one.version, config });
    expect(released).toMatchObject({ assigneeId: null, version: one.version + 1 });
    expect(eventsOf(db, one.id).at(-1)).toMatchObject({ type: 'assigned', actor_id: second.id, from_value: String(fiona), to_value: null, detail: 'released: Fiona is on holiday' });
    expect(releaseTicket(db, { ticketId: two.id, actor: admin, expectedVersion: two.version, config }).assigneeId).toBeNull();
    expect(eventsOf(db, two.id).at(-1)).toMatchObject({ detail: 'released: assignee away' });
  });
});

describe('releaseTicket and the distribution', () => {
  it('hands a released ticket to a present colleague with room at once', () => {
    const away = addUser(db, { name: 'Away', role: 'first_level', present: false });
    const full = addUser(db, { name: 'Full', role: 'first_level' });
    const room = addUser(db, { name: 'Room', role: 'first_level' });
    const second = actorOf(db, addUser(db, { name: 'Sam', role: 'second_level' }));
    const config = { ...CONFIG, agentCapacity: 2 };
    for (let i = 0; i < 2; i++) placeTicket(db, newTicket(db).ticket.id, { assigneeId: full });
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { assigneeId: away });
    const released = releaseTicket(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config, random: () => 0.999 });
    expect(released.assigneeId).toBe(room);
    expect(eventsOf(db, ticket.id).slice(-2).map((event) => [event.type, event.to_value])).toEqual([
      ['assigned', null],
      ['assigned', String(room)],
    ]);
  });
});
