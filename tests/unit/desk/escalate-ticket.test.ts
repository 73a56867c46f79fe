/**
 * `escalateTicket`: 1 → 2 → 3 with reasons and assignment at each level; waiting in the
 * level-3 queue without a present specialist.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listQueue } from '../../../src/lib/server/desk/queues.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { addUser, CONFIG, CONSULTING_CONFIG, deskStaff, eventsOf, expectDeskError, newTicket, NOW, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('escalate-ticket on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const current = async (id: number): Promise<Ticket> => (await getTicket(database, id))!;

  const staff = () => deskStaff(database);

  describe('escalateTicket', () => {
    it('moves 1 → 2 → 3 with reasons, assigning present agents of each level', async () => {
      const { first, second, third } = await staff();
      const { ticket } = await newTicket(database);
      expect(ticket.assigneeId).toBe(first.id);
      await expectDeskError(() => escalateTicket(database, { ticketId: ticket.id, actor: first, reason: '  ', expectedVersion: ticket.version, config: CONFIG }), 'invalid');
      const atTwo = await escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Needs customer-specific work', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1000 });
      expect(atTwo).toMatchObject({ level: 2, assigneeId: second.id, status: 'new' });
      expect((await eventsOf(database, ticket.id)).filter((event) => event.version === atTwo.version)).toEqual([
        expect.objectContaining({ type: 'assigned', from_value: String(first.id), to_value: null, detail: 'escalated' }),
        expect.objectContaining({ type: 'escalated', actor_id: first.id, from_value: '1', to_value: '2', detail: 'Needs customer-specific work' }),
        expect.objectContaining({ type: 'assigned', from_value: null, to_value: String(second.id) }),
      ]);
      const atThree = await escalateTicket(database, { ticketId: ticket.id, actor: second, reason: 'Undocumented problem', expectedVersion: atTwo.version, config: CONFIG });
      expect(atThree).toMatchObject({ level: 3, assigneeId: third.id });
    });

    it('lets a level-3 ticket without a present specialist for its category wait in the level-3 queue', async () => {
      const { second } = await staff();
      const payrollExpert = await addUser(database, { name: 'Paula Payroll', role: 'third_level', areas: ['payroll'], present: false });
      const { ticket } = await newTicket(database, { category: 'payroll' });
      await placeTicket(database, ticket.id, { level: 2, assigneeId: second.id });
      const escalated = await escalateTicket(database, { ticketId: ticket.id, actor: second, reason: 'Payroll internals', expectedVersion: ticket.version, config: CONFIG });
      expect(escalated).toMatchObject({ level: 3, assigneeId: null });
      expect((await listQueue(database, 3, { unassigned: true, now: NOW })).map((entry) => entry.id)).toEqual([ticket.id]);
      expect(await listQueue(database, 3, { areas: ['invoices'], now: NOW })).toEqual([]);
      expect((await setPresence(database, { userId: payrollExpert, present: true })).map((entry) => entry.ticketId)).toEqual([ticket.id]);
      expect((await current(ticket.id)).assigneeId).toBe(payrollExpert);
    });
  });

  describe('escalateTicket: second level consults by default', () => {
    it('refuses 2 → 3 for second level unless the desk lets specialists own tickets; admins may always', async () => {
      const { second, admin, third } = await deskStaff(database);
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: second.id });
      const error = await expectDeskError(() => escalateTicket(database, { ticketId: ticket.id, actor: second, reason: 'r', expectedVersion: ticket.version, config: CONSULTING_CONFIG }), 'invalid');
      expect(error.key).toBe('org.error.escalate.consultInstead');
      expect(await escalateTicket(database, { ticketId: ticket.id, actor: admin, reason: 'r', expectedVersion: ticket.version, config: CONSULTING_CONFIG })).toMatchObject({ level: 3, assigneeId: third.id });
    });

    it('re-categorises to the subject area the escalating agent chose, as an event', async () => {
      const { first } = await deskStaff(database);
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 1, assigneeId: first.id });
      const after = await escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Payroll question', area: 'payroll', areas: ['invoices', 'payroll'], expectedVersion: ticket.version, config: CONFIG });
      expect(after).toMatchObject({ level: 2, category: 'payroll' });
      expect((await eventsOf(database, ticket.id)).filter((event) => event.version === after.version).map((event) => [event.type, event.from_value, event.to_value])).toContainEqual(['category', 'invoices', 'payroll']);
      const other = (await newTicket(database)).ticket;
      await placeTicket(database, other.id, { level: 1, assigneeId: first.id });
      expect((await expectDeskError(() => escalateTicket(database, { ticketId: other.id, actor: first, reason: 'r', area: 'nope', areas: ['invoices'], expectedVersion: other.version, config: CONFIG }), 'invalid')).key).toBe('org.error.consult.area');
      expect((await expectDeskError(() => escalateTicket(database, { ticketId: other.id, actor: first, reason: 'r', area: 'Not A Key', expectedVersion: other.version, config: CONFIG }), 'invalid')).key).toBe('org.error.consult.area');
      // The current category is always a valid choice (e.g. "unsorted" mail), and changes nothing.
      expect((await escalateTicket(database, { ticketId: other.id, actor: first, reason: 'r', area: 'invoices', areas: [], expectedVersion: other.version, config: CONFIG })).category).toBe('invoices');
    });
  });
});
