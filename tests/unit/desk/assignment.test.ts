/**
 * Assignment: only present, enabled agents of the ticket's level (specialists by subject
 * area), least loaded first, random among equals; the waiting queue is handed out when
 * someone becomes present.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { assignTicket, pickAssignee, setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listQueue } from '../../../src/lib/server/desk/queues.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { addUser, eventsOf, newTicket, NOW, placeTicket, scripted } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

/** Gives a user `count` open tickets at their level. */
function giveTickets(userId: number, count: number, level: 1 | 2 | 3 = 1, status = 'open'): void {
  for (let i = 0; i < count; i++) {
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level, assigneeId: userId, status });
  }
}

describe('pickAssignee', () => {
  it('returns null when nobody is present', () => {
    addUser(db, { name: 'Away', role: 'first_level', present: false });
    expect(pickAssignee(db, { level: 1 })).toBeNull();
  });

  it('picks only present agents of the level’s role', () => {
    addUser(db, { name: 'Away', role: 'first_level', present: false });
    const second = addUser(db, { name: 'Second', role: 'second_level' });
    addUser(db, { name: 'Admin', role: 'admin' });
    addUser(db, { name: 'Specialist', role: 'third_level', areas: ['invoices'] });
    const first = addUser(db, { name: 'First', role: 'first_level' });
    for (let i = 0; i < 20; i++) expect(pickAssignee(db, { level: 1 })).toBe(first);
    expect(pickAssignee(db, { level: 2 })).toBe(second);
  });

  it('never picks disabled users, even present ones', () => {
    addUser(db, { name: 'Disabled', role: 'first_level', disabled: true });
    expect(pickAssignee(db, { level: 1 })).toBeNull();
    const enabled = addUser(db, { name: 'Enabled', role: 'first_level' });
    for (const value of [0, 0.5, 0.999]) expect(pickAssignee(db, { level: 1 }, () => value)).toBe(enabled);
  });

  it('prefers the agent with the fewest open tickets; solved and closed ones do not count', () => {
    const busy = addUser(db, { name: 'Busy', role: 'first_level' });
    const calm = addUser(db, { name: 'Calm', role: 'first_level' });
    giveTickets(busy, 2);
    giveTickets(calm, 1, 1, 'waiting');
    giveTickets(calm, 5, 1, 'solved');
    giveTickets(calm, 5, 1, 'closed');
    for (const value of [0, 0.5, 0.999]) expect(pickAssignee(db, { level: 1 }, () => value)).toBe(calm);
    giveTickets(calm, 2, 1, 'new');
    for (const value of [0, 0.5, 0.999]) expect(pickAssignee(db, { level: 1 }, () => value)).toBe(busy);
  });

  it('picks at random among the equally least loaded', () => {
    const a = addUser(db, { name: 'A', role: 'first_level' });
    const b = addUser(db, { name: 'B', role: 'first_level' });
    const c = addUser(db, { name: 'C', role: 'first_level' });
    const loaded = addUser(db, { name: 'Loaded', role: 'first_level' });
    giveTickets(loaded, 1);
    expect(pickAssignee(db, { level: 1 }, () => 0)).toBe(a);
    expect(pickAssignee(db, { level: 1 }, () => 0.34)).toBe(b);
    expect(pickAssignee(db, { level: 1 }, () => 0.999)).toBe(c);
    // A random function that returns 1 (out of contract) still picks someone valid.
    expect(pickAssignee(db, { level: 1 }, () => 1)).toBe(c);
    // With the real Math.random every equal candidate comes up, the loaded one never.
    const seen = new Set<number | null>();
    for (let i = 0; i < 300; i++) seen.add(pickAssignee(db, { level: 1 }));
    expect([...seen].sort()).toEqual([a, b, c].sort());
  });

  it('gives level-3 tickets only to present specialists with the ticket’s category', () => {
    const invoices = addUser(db, { name: 'Invoices', role: 'third_level', areas: ['invoices', 'taxes'] });
    const banking = addUser(db, { name: 'Banking', role: 'third_level', areas: ['banking'] });
    addUser(db, { name: 'Away banking', role: 'third_level', areas: ['banking'], present: false });
    addUser(db, { name: 'Second', role: 'second_level' });
    expect(pickAssignee(db, { level: 3, category: 'taxes' })).toBe(invoices);
    expect(pickAssignee(db, { level: 3, category: 'banking' })).toBe(banking);
    expect(pickAssignee(db, { level: 3, category: 'payroll' })).toBeNull();
    expect(pickAssignee(db, { level: 3 })).toBeNull();
  });

  it('balances specialists of an area by load too', () => {
    const a = addUser(db, { name: 'A', role: 'third_level', areas: ['banking'] });
    const b = addUser(db, { name: 'B', role: 'third_level', areas: ['banking'] });
    giveTickets(a, 1, 3);
    expect(pickAssignee(db, { level: 3, category: 'banking' }, () => 0)).toBe(b);
  });
});

describe('assignTicket', () => {
  it('assigns an unassigned ticket by the rule, with an event and a new version', () => {
    const { ticket } = newTicket(db);
    expect(ticket.assigneeId).toBeNull();
    const agent = addUser(db, { name: 'Agent', role: 'first_level' });
    expect(assignTicket(db, { ticketId: ticket.id, actorId: null, now: NOW + 1000 })).toBe(agent);
    const after = getTicket(db, ticket.id)!;
    expect(after).toMatchObject({ assigneeId: agent, version: ticket.version + 1, updatedAt: NOW + 1000 });
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'assigned', from_value: null, to_value: String(agent), version: after.version });
  });

  it('leaves an assigned ticket with its assignee, and changes nothing when nobody fits', () => {
    const { ticket } = newTicket(db);
    expect(assignTicket(db, { ticketId: ticket.id, actorId: null })).toBeNull();
    expect(getTicket(db, ticket.id)!.version).toBe(ticket.version);
    const first = addUser(db, { name: 'First', role: 'first_level' });
    assignTicket(db, { ticketId: ticket.id, actorId: null });
    addUser(db, { name: 'Other', role: 'first_level' });
    expect(assignTicket(db, { ticketId: ticket.id, actorId: null, now: NOW, random: () => 0.999 })).toBe(first);
    expect(getTicket(db, ticket.id)!.version).toBe(ticket.version + 1);
  });

  it('refuses an unknown ticket', () => {
    expect(() => assignTicket(db, { ticketId: 999, actorId: null })).toThrow(DeskError);
  });
});

describe('new tickets', () => {
  it('go to a present first-level agent at creation, in the same version', () => {
    addUser(db, { name: 'Away', role: 'first_level', present: false });
    const agent = addUser(db, { name: 'Agent', role: 'first_level' });
    const { ticket } = newTicket(db);
    expect(ticket).toMatchObject({ level: 1, assigneeId: agent, version: 1 });
    expect(eventsOf(db, ticket.id).map((event) => event.type)).toEqual(['created', 'assigned']);
  });

  it('spread over the present agents by load', () => {
    const a = addUser(db, { name: 'A', role: 'first_level' });
    const b = addUser(db, { name: 'B', role: 'first_level' });
    const c = addUser(db, { name: 'C', role: 'first_level' });
    const counts = new Map<number | null, number>();
    for (let i = 0; i < 30; i++) {
      const { ticket } = newTicket(db);
      counts.set(ticket.assigneeId, (counts.get(ticket.assigneeId) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ [a]: 10, [b]: 10, [c]: 10 });
  });
});

describe('setPresence and the waiting queue', () => {
  it('keeps tickets unassigned in the level-1 queue while nobody is present', () => {
    const agent = addUser(db, { name: 'Agent', role: 'first_level', present: false });
    const tickets = [newTicket(db).ticket, newTicket(db).ticket];
    expect(tickets.map((ticket) => ticket.assigneeId)).toEqual([null, null]);
    expect(listQueue(db, 1, { unassigned: true, now: NOW }).map((ticket) => ticket.id)).toEqual(tickets.map((ticket) => ticket.id));
    expect(setPresence(db, { userId: agent, present: false })).toEqual([]);
  });

  it('hands the waiting tickets to an agent who becomes present, urgent first, with an event each', () => {
    const agent = addUser(db, { name: 'Agent', role: 'first_level', present: false });
    const older = newTicket(db, {}, NOW).ticket;
    const urgent = newTicket(db, {}, NOW + 1000).ticket;
    placeTicket(db, urgent.id, { priority: 'urgent' });
    const solved = newTicket(db, {}, NOW + 2000).ticket;
    placeTicket(db, solved.id, { status: 'solved' });
    const levelTwo = newTicket(db, {}, NOW + 3000).ticket;
    placeTicket(db, levelTwo.id, { level: 2 });

    const assigned = setPresence(db, { userId: agent, present: true, now: NOW + 5000 });
    expect(assigned).toEqual([
      { ticketId: urgent.id, reference: urgent.reference, assigneeId: agent },
      { ticketId: older.id, reference: older.reference, assigneeId: agent },
    ]);
    for (const id of [urgent.id, older.id]) {
      expect(getTicket(db, id)).toMatchObject({ assigneeId: agent, version: 2, updatedAt: NOW + 5000 });
      expect(eventsOf(db, id).at(-1)).toMatchObject({ type: 'assigned', actor_id: null, to_value: String(agent), version: 2 });
    }
    expect(getTicket(db, solved.id)!.assigneeId).toBeNull();
    expect(getTicket(db, levelTwo.id)!.assigneeId).toBeNull();
    expect(db.prepare('SELECT present FROM users WHERE id = ?').get(agent)).toEqual({ present: 1 });
  });

  it('spreads the queue over everyone present by load', () => {
    const first = addUser(db, { name: 'First', role: 'first_level', present: false });
    const second = addUser(db, { name: 'Second', role: 'first_level', present: false });
    for (let i = 0; i < 4; i++) newTicket(db);
    // Present without having gone through setPresence (e.g. marked present just before the tickets came).
    db.prepare('UPDATE users SET present = 1 WHERE id = ?').run(second);
    const assigned = setPresence(db, { userId: first, present: true, now: NOW, random: () => 0 });
    const perAgent = assigned.reduce<Record<number, number>>((counts, entry) => ({ ...counts, [entry.assigneeId]: (counts[entry.assigneeId] ?? 0) + 1 }), {});
    expect(perAgent).toEqual({ [first]: 2, [second]: 2 });
  });

  it('gives a specialist only the waiting level-3 tickets of their areas', () => {
    const specialist = addUser(db, { name: 'Specialist', role: 'third_level', areas: ['banking', 'taxes'], present: false });
    const banking = newTicket(db, { category: 'banking' }).ticket;
    const payroll = newTicket(db, { category: 'payroll' }).ticket;
    const bankingAtTwo = newTicket(db, { category: 'banking' }).ticket;
    placeTicket(db, banking.id, { level: 3 });
    placeTicket(db, payroll.id, { level: 3 });
    placeTicket(db, bankingAtTwo.id, { level: 2 });
    expect(setPresence(db, { userId: specialist, present: true }).map((entry) => entry.ticketId)).toEqual([banking.id]);
    expect(getTicket(db, payroll.id)!.assigneeId).toBeNull();
    expect(getTicket(db, bankingAtTwo.id)!.assigneeId).toBeNull();
  });

  it('changes no ticket when an agent goes away', () => {
    const agent = addUser(db, { name: 'Agent', role: 'first_level' });
    const { ticket } = newTicket(db);
    expect(setPresence(db, { userId: agent, present: false })).toEqual([]);
    expect(getTicket(db, ticket.id)).toMatchObject({ assigneeId: agent, version: 1 });
    expect(db.prepare('SELECT present FROM users WHERE id = ?').get(agent)).toEqual({ present: 0 });
    expect(pickAssignee(db, { level: 1 })).toBeNull();
  });

  it('gives nothing to a disabled user or an admin who becomes present', () => {
    newTicket(db);
    const disabled = addUser(db, { name: 'Disabled', role: 'first_level', present: false, disabled: true });
    const admin = addUser(db, { name: 'Admin', role: 'admin', present: false });
    expect(setPresence(db, { userId: disabled, present: true })).toEqual([]);
    expect(setPresence(db, { userId: admin, present: true })).toEqual([]);
    expect(listQueue(db, 1, { unassigned: true, now: NOW })).toHaveLength(1);
  });

  it('refuses an unknown user', () => {
    expect(() => setPresence(db, { userId: 4711, present: true })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('uses the injected random function among equals', () => {
    const a = addUser(db, { name: 'A', role: 'first_level', present: false });
    const b = addUser(db, { name: 'B', role: 'first_level', present: false });
    newTicket(db);
    db.prepare('UPDATE users SET present = 1 WHERE id = ?').run(a);
    expect(setPresence(db, { userId: b, present: true, now: NOW, random: scripted(0.9) })[0].assigneeId).toBe(b);
  });
});
