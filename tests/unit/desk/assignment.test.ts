/**
 * Assignment: only present, enabled agents of the ticket's level (specialists by subject
 * area), least loaded first, random among equals; the waiting queue is handed out when
 * someone becomes present.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { assignTicket, pickAssignee, setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listQueue } from '../../../src/lib/server/desk/queues.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { addUser, eventsOf, newTicket, NOW, placeTicket, scripted } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('assignment on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  /** Gives a user `count` open tickets at their level. */
  async function giveTickets(userId: number, count: number, level: 1 | 2 | 3 = 1, status = 'open'): Promise<void> {
    for (let i = 0; i < count; i++) {
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level, assigneeId: userId, status });
    }
  }

  describe('pickAssignee', () => {
    it('returns null when nobody is present', async () => {
      await addUser(database, { name: 'Away', role: 'first_level', present: false });
      expect(await pickAssignee(database.kysely, { level: 1 })).toBeNull();
    });

    it('picks only present agents of the level’s role', async () => {
      await addUser(database, { name: 'Away', role: 'first_level', present: false });
      const second = await addUser(database, { name: 'Second', role: 'second_level' });
      await addUser(database, { name: 'Admin', role: 'admin' });
      await addUser(database, { name: 'Specialist', role: 'third_level', areas: ['invoices'] });
      const first = await addUser(database, { name: 'First', role: 'first_level' });
      for (let i = 0; i < 20; i++) expect(await pickAssignee(database.kysely, { level: 1 })).toBe(first);
      expect(await pickAssignee(database.kysely, { level: 2 })).toBe(second);
    });

    it('never picks disabled users, even present ones', async () => {
      await addUser(database, { name: 'Disabled', role: 'first_level', disabled: true });
      expect(await pickAssignee(database.kysely, { level: 1 })).toBeNull();
      const enabled = await addUser(database, { name: 'Enabled', role: 'first_level' });
      for (const value of [0, 0.5, 0.999]) expect(await pickAssignee(database.kysely, { level: 1 }, () => value)).toBe(enabled);
    });

    it('prefers the agent with the fewest open tickets; solved and closed ones do not count', async () => {
      const busy = await addUser(database, { name: 'Busy', role: 'first_level' });
      const calm = await addUser(database, { name: 'Calm', role: 'first_level' });
      await giveTickets(busy, 2);
      await giveTickets(calm, 1, 1, 'waiting');
      await giveTickets(calm, 5, 1, 'solved');
      await giveTickets(calm, 5, 1, 'closed');
      for (const value of [0, 0.5, 0.999]) expect(await pickAssignee(database.kysely, { level: 1 }, () => value)).toBe(calm);
      await giveTickets(calm, 2, 1, 'new');
      for (const value of [0, 0.5, 0.999]) expect(await pickAssignee(database.kysely, { level: 1 }, () => value)).toBe(busy);
    });

    it('picks at random among the equally least loaded', async () => {
      const a = await addUser(database, { name: 'A', role: 'first_level' });
      const b = await addUser(database, { name: 'B', role: 'first_level' });
      const c = await addUser(database, { name: 'C', role: 'first_level' });
      const loaded = await addUser(database, { name: 'Loaded', role: 'first_level' });
      await giveTickets(loaded, 1);
      expect(await pickAssignee(database.kysely, { level: 1 }, () => 0)).toBe(a);
      expect(await pickAssignee(database.kysely, { level: 1 }, () => 0.34)).toBe(b);
      expect(await pickAssignee(database.kysely, { level: 1 }, () => 0.999)).toBe(c);
      // A random function that returns 1 (out of contract) still picks someone valid.
      expect(await pickAssignee(database.kysely, { level: 1 }, () => 1)).toBe(c);
      // With the real Math.random every equal candidate comes up, the loaded one never.
      const seen = new Set<number | null>();
      for (let i = 0; i < 300; i++) seen.add(await pickAssignee(database.kysely, { level: 1 }));
      expect([...seen].sort()).toEqual([a, b, c].sort());
    });

    it('gives level-3 tickets only to present specialists with the ticket’s category', async () => {
      const invoices = await addUser(database, { name: 'Invoices', role: 'third_level', areas: ['invoices', 'taxes'] });
      const banking = await addUser(database, { name: 'Banking', role: 'third_level', areas: ['banking'] });
      await addUser(database, { name: 'Away banking', role: 'third_level', areas: ['banking'], present: false });
      await addUser(database, { name: 'Second', role: 'second_level' });
      expect(await pickAssignee(database.kysely, { level: 3, category: 'taxes' })).toBe(invoices);
      expect(await pickAssignee(database.kysely, { level: 3, category: 'banking' })).toBe(banking);
      expect(await pickAssignee(database.kysely, { level: 3, category: 'payroll' })).toBeNull();
      expect(await pickAssignee(database.kysely, { level: 3 })).toBeNull();
    });

    it('balances specialists of an area by load too', async () => {
      const a = await addUser(database, { name: 'A', role: 'third_level', areas: ['banking'] });
      const b = await addUser(database, { name: 'B', role: 'third_level', areas: ['banking'] });
      await giveTickets(a, 1, 3);
      expect(await pickAssignee(database.kysely, { level: 3, category: 'banking' }, () => 0)).toBe(b);
    });
  });

  describe('assignTicket', () => {
    it('assigns an unassigned ticket by the rule, with an event and a new version', async () => {
      const { ticket } = await newTicket(database);
      expect(ticket.assigneeId).toBeNull();
      const agent = await addUser(database, { name: 'Agent', role: 'first_level' });
      expect(await assignTicket(database, { ticketId: ticket.id, actorId: null, now: NOW + 1000 })).toBe(agent);
      const after = (await getTicket(database, ticket.id))!;
      expect(after).toMatchObject({ assigneeId: agent, version: ticket.version + 1, updatedAt: NOW + 1000 });
      expect((await eventsOf(database, ticket.id)).at(-1)).toMatchObject({ type: 'assigned', from_value: null, to_value: String(agent), version: after.version });
    });

    it('leaves an assigned ticket with its assignee, and changes nothing when nobody fits', async () => {
      const { ticket } = await newTicket(database);
      expect(await assignTicket(database, { ticketId: ticket.id, actorId: null })).toBeNull();
      expect((await getTicket(database, ticket.id))!.version).toBe(ticket.version);
      const first = await addUser(database, { name: 'First', role: 'first_level' });
      await assignTicket(database, { ticketId: ticket.id, actorId: null });
      await addUser(database, { name: 'Other', role: 'first_level' });
      expect(await assignTicket(database, { ticketId: ticket.id, actorId: null, now: NOW, random: () => 0.999 })).toBe(first);
      expect((await getTicket(database, ticket.id))!.version).toBe(ticket.version + 1);
    });

    it('refuses an unknown ticket', async () => {
      await expect(assignTicket(database, { ticketId: 99_999_999, actorId: null })).rejects.toThrow(DeskError);
    });
  });

  describe('new tickets', () => {
    it('go to a present first-level agent at creation, in the same version', async () => {
      await addUser(database, { name: 'Away', role: 'first_level', present: false });
      const agent = await addUser(database, { name: 'Agent', role: 'first_level' });
      const { ticket } = await newTicket(database);
      expect(ticket).toMatchObject({ level: 1, assigneeId: agent, version: 1 });
      expect((await eventsOf(database, ticket.id)).map((event) => event.type)).toEqual(['created', 'assigned']);
    });

    it('spread over the present agents by load', async () => {
      const a = await addUser(database, { name: 'A', role: 'first_level' });
      const b = await addUser(database, { name: 'B', role: 'first_level' });
      const c = await addUser(database, { name: 'C', role: 'first_level' });
      const counts = new Map<number | null, number>();
      for (let i = 0; i < 30; i++) {
        const { ticket } = await newTicket(database);
        counts.set(ticket.assigneeId, (counts.get(ticket.assigneeId) ?? 0) + 1);
      }
      expect(Object.fromEntries(counts)).toEqual({ [a]: 10, [b]: 10, [c]: 10 });
    });
  });

  describe('setPresence and the waiting queue', () => {
    it('keeps tickets unassigned in the level-1 queue while nobody is present', async () => {
      const agent = await addUser(database, { name: 'Agent', role: 'first_level', present: false });
      const tickets = [(await newTicket(database)).ticket, (await newTicket(database)).ticket];
      expect(tickets.map((ticket) => ticket.assigneeId)).toEqual([null, null]);
      expect((await listQueue(database, 1, { unassigned: true, now: NOW })).map((ticket) => ticket.id)).toEqual(tickets.map((ticket) => ticket.id));
      expect(await setPresence(database, { userId: agent, present: false })).toEqual([]);
    });

    it('hands the waiting tickets to an agent who becomes present, urgent first, with an event each', async () => {
      const agent = await addUser(database, { name: 'Agent', role: 'first_level', present: false });
      const older = (await newTicket(database, {}, NOW)).ticket;
      const urgent = (await newTicket(database, {}, NOW + 1000)).ticket;
      await placeTicket(database, urgent.id, { priority: 'urgent' });
      const solved = (await newTicket(database, {}, NOW + 2000)).ticket;
      await placeTicket(database, solved.id, { status: 'solved' });
      const levelTwo = (await newTicket(database, {}, NOW + 3000)).ticket;
      await placeTicket(database, levelTwo.id, { level: 2 });

      const assigned = await setPresence(database, { userId: agent, present: true, now: NOW + 5000 });
      expect(assigned).toEqual([
        { ticketId: urgent.id, reference: urgent.reference, assigneeId: agent },
        { ticketId: older.id, reference: older.reference, assigneeId: agent },
      ]);
      for (const id of [urgent.id, older.id]) {
        expect(await getTicket(database, id)).toMatchObject({ assigneeId: agent, version: 2, updatedAt: NOW + 5000 });
        expect((await eventsOf(database, id)).at(-1)).toMatchObject({ type: 'assigned', actor_id: null, to_value: String(agent), version: 2 });
      }
      expect((await getTicket(database, solved.id))!.assigneeId).toBeNull();
      expect((await getTicket(database, levelTwo.id))!.assigneeId).toBeNull();
      expect(await database.kysely.selectFrom('users').select('present').where('id', '=', agent).executeTakeFirst()).toEqual({ present: 1 });
    });

    it('spreads the queue over everyone present by load', async () => {
      const first = await addUser(database, { name: 'First', role: 'first_level', present: false });
      const second = await addUser(database, { name: 'Second', role: 'first_level', present: false });
      for (let i = 0; i < 4; i++) await newTicket(database);
      // Present without having gone through setPresence (e.g. marked present just before the tickets came).
      await database.kysely.updateTable('users').set({ present: 1 }).where('id', '=', second).execute();
      const assigned = await setPresence(database, { userId: first, present: true, now: NOW, random: () => 0 });
      const perAgent = assigned.reduce<Record<number, number>>((counts, entry) => ({ ...counts, [entry.assigneeId]: (counts[entry.assigneeId] ?? 0) + 1 }), {});
      expect(perAgent).toEqual({ [first]: 2, [second]: 2 });
    });

    it('gives a specialist only the waiting level-3 tickets of their areas', async () => {
      const specialist = await addUser(database, { name: 'Specialist', role: 'third_level', areas: ['banking', 'taxes'], present: false });
      const banking = (await newTicket(database, { category: 'banking' })).ticket;
      const payroll = (await newTicket(database, { category: 'payroll' })).ticket;
      const bankingAtTwo = (await newTicket(database, { category: 'banking' })).ticket;
      await placeTicket(database, banking.id, { level: 3 });
      await placeTicket(database, payroll.id, { level: 3 });
      await placeTicket(database, bankingAtTwo.id, { level: 2 });
      expect((await setPresence(database, { userId: specialist, present: true })).map((entry) => entry.ticketId)).toEqual([banking.id]);
      expect((await getTicket(database, payroll.id))!.assigneeId).toBeNull();
      expect((await getTicket(database, bankingAtTwo.id))!.assigneeId).toBeNull();
    });

    it('changes no ticket when an agent goes away', async () => {
      const agent = await addUser(database, { name: 'Agent', role: 'first_level' });
      const { ticket } = await newTicket(database);
      expect(await setPresence(database, { userId: agent, present: false })).toEqual([]);
      expect(await getTicket(database, ticket.id)).toMatchObject({ assigneeId: agent, version: 1 });
      expect(await database.kysely.selectFrom('users').select('present').where('id', '=', agent).executeTakeFirst()).toEqual({ present: 0 });
      expect(await pickAssignee(database.kysely, { level: 1 })).toBeNull();
    });

    it('gives nothing to a disabled user or an admin who becomes present', async () => {
      await newTicket(database);
      const disabled = await addUser(database, { name: 'Disabled', role: 'first_level', present: false, disabled: true });
      const admin = await addUser(database, { name: 'Admin', role: 'admin', present: false });
      expect(await setPresence(database, { userId: disabled, present: true })).toEqual([]);
      expect(await setPresence(database, { userId: admin, present: true })).toEqual([]);
      expect(await listQueue(database, 1, { unassigned: true, now: NOW })).toHaveLength(1);
    });

    it('refuses an unknown user', async () => {
      await expect(setPresence(database, { userId: 99_999_999, present: true })).rejects.toThrow(expect.objectContaining({ code: 'not_found' }));
    });

    it('uses the injected random function among equals', async () => {
      const a = await addUser(database, { name: 'A', role: 'first_level', present: false });
      const b = await addUser(database, { name: 'B', role: 'first_level', present: false });
      await newTicket(database);
      await database.kysely.updateTable('users').set({ present: 1 }).where('id', '=', a).execute();
      expect((await setPresence(database, { userId: b, present: true, now: NOW, random: scripted(0.9) }))[0].assigneeId).toBe(b);
    });
  });
});
