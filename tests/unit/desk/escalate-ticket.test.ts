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
import { addUser, CONFIG, deskStaff, eventsOf, expectDeskError, newTicket, NOW, placeTicket } from './fixture.ts';
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
