/**
 * `escalateTicket`: 1 → 2 → 3 with reasons and assignment at each level; waiting in the
 * level-3 queue without a present specialist.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listQueue } from '../../../src/lib/server/desk/queues.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { addUser, CONFIG, CONSULTING_CONFIG, deskStaff, eventsOf, expectDeskError, newTicket, NOW, placeTicket } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const current = (id: number): Ticket => getTicket(db, id)!;

const staff = () => deskStaff(db);

describe('escalateTicket', () => {
  it('moves 1 → 2 → 3 with reasons, assigning present agents of each level', () => {
    const { first, second, third } = staff();
    const { ticket } = newTicket(db);
    expect(ticket.assigneeId).toBe(first.id);
    expectDeskError(() => escalateTicket(db, { ticketId: ticket.id, actor: first, reason: '  ', expectedVersion: ticket.version, config: CONFIG }), 'invalid');
    const atTwo = escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'Needs customer-specific work', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1000 });
    expect(atTwo).toMatchObject({ level: 2, assigneeId: second.id, status: 'new' });
    expect(eventsOf(db, ticket.id).filter((event) => event.version === atTwo.version)).toEqual([
      expect.objectContaining({ type: 'assigned', from_value: String(first.id), to_value: null, detail: 'escalated' }),
      expect.objectContaining({ type: 'escalated', actor_id: first.id, from_value: '1', to_value: '2', detail: 'Needs customer-specific work' }),
      expect.objectContaining({ type: 'assigned', from_value: null, to_value: String(second.id) }),
    ]);
    const atThree = escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Undocumented problem', expectedVersion: atTwo.version, config: CONFIG });
    expect(atThree).toMatchObject({ level: 3, assigneeId: third.id });
  });

  it('lets a level-3 ticket without a present specialist for its category wait in the level-3 queue', () => {
    const { second } = staff();
    const payrollExpert = addUser(db, { name: 'Paula Payroll', role: 'third_level', areas: ['payroll'], present: false });
    const { ticket } = newTicket(db, { category: 'payroll' });
    placeTicket(db, ticket.id, { level: 2, assigneeId: second.id });
    const escalated = escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Payroll internals', expectedVersion: ticket.version, config: CONFIG });
    expect(escalated).toMatchObject({ level: 3, assigneeId: null });
    expect(listQueue(db, 3, { unassigned: true, now: NOW }).map((entry) => entry.id)).toEqual([ticket.id]);
    expect(listQueue(db, 3, { areas: ['invoices'], now: NOW })).toEqual([]);
    expect(setPresence(db, { userId: payrollExpert, present: true }).map((entry) => entry.ticketId)).toEqual([ticket.id]);
    expect(current(ticket.id).assigneeId).toBe(payrollExpert);
  });
});

describe('escalateTicket: second level consults by default', () => {
  it('refuses 2 → 3 for second level unless the desk lets specialists own tickets; admins may always', () => {
    const { second, admin, third } = deskStaff(db);
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: second.id });
    const error = expectDeskError(() => escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'r', expectedVersion: ticket.version, config: CONSULTING_CONFIG }), 'invalid');
    expect(error.key).toBe('org.error.escalate.consultInstead');
    expect(escalateTicket(db, { ticketId: ticket.id, actor: admin, reason: 'r', expectedVersion: ticket.version, config: CONSULTING_CONFIG })).toMatchObject({ level: 3, assigneeId: third.id });
  });

  it('re-categorises to the subject area the escalating agent chose, as an event', () => {
    const { first } = deskStaff(db);
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 1, assigneeId: first.id });
    const after = escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'Payroll question', area: 'payroll', areas: ['invoices', 'payroll'], expectedVersion: ticket.version, config: CONFIG });
    expect(after).toMatchObject({ level: 2, category: 'payroll' });
    expect(eventsOf(db, ticket.id).filter((event) => event.version === after.version).map((event) => [event.type, event.from_value, event.to_value])).toContainEqual(['category', 'invoices', 'payroll']);
    const other = newTicket(db).ticket;
    placeTicket(db, other.id, { level: 1, assigneeId: first.id });
    expect(expectDeskError(() => escalateTicket(db, { ticketId: other.id, actor: first, reason: 'r', area: 'nope', areas: ['invoices'], expectedVersion: other.version, config: CONFIG }), 'invalid').key).toBe('org.error.consult.area');
    expect(expectDeskError(() => escalateTicket(db, { ticketId: other.id, actor: first, reason: 'r', area: 'Not A Key', expectedVersion: other.version, config: CONFIG }), 'invalid').key).toBe('org.error.consult.area');
    // The current category is always a valid choice (e.g. "unsorted" mail), and changes nothing.
    expect(escalateTicket(db, { ticketId: other.id, actor: first, reason: 'r', area: 'invoices', areas: [], expectedVersion: other.version, config: CONFIG }).category).toBe('invoices');
  });
});
