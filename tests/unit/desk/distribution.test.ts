/**
 * Fair distribution: capacity, round-robin by load, a newly present agent's share of the
 * unstarted backlog, trainees and urgent or overdue tickets, the customer's language — over
 * many seeded runs and with both DESK_LEVELS settings.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { chooseAgent } from '../../../src/lib/server/desk/distribution.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { actorOf, addUser, CONFIG, eventsOf, HOUR, newTicket, NOW, placeTicket, ticketForm } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('distribution on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  /** A seeded pseudo-random function (mulberry32), so that every run is reproducible. */
  function seeded(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let value = state;
      value = Math.imul(value ^ (value >>> 15), value | 1);
      value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
      return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Open tickets per user id. */
  async function loads(): Promise<Map<number, number>> {
    const rows = await database.kysely
      .selectFrom('tickets')
      .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('assignee_id', 'is not', null)
      .where('status', 'in', ['new', 'open', 'waiting'])
      .groupBy('assignee_id')
      .execute();
    return new Map(rows.map((row) => [row.assignee_id!, Number(row.n)]));
  }

  const SMALL = { ...CONFIG, agentCapacity: 4 };

  /** Creates a ticket with this config and random function. */
  async function createWith(config: typeof CONFIG, random: () => number, now = NOW) {
    return await createTicket(database, { input: ticketForm(), config, now, random });
  }

  describe('new tickets', () => {
    it('go round-robin: nobody gets a second ticket before everyone has one, and nobody goes above capacity', async () => {
      for (let seed = 1; seed <= 20; seed++) {
        ({ database } = await env.reset());
        const agents: number[] = [];
        for (const n of [1, 2, 3]) agents.push(await addUser(database, { name: `Agent ${n}`, role: 'first_level' }));
        const random = seeded(seed);
        for (let i = 0; i < 15; i++) {
          const before = await loads();
          const { ticket } = await createWith(SMALL, random, NOW + i);
          if (i < 12) {
            const least = Math.min(...agents.map((id) => before.get(id) ?? 0));
            expect(before.get(ticket.assigneeId!) ?? 0).toBe(least);
          } else {
            // Everyone is at capacity (3 × 4 = 12): the rest wait in the queue.
            expect(ticket.assigneeId).toBeNull();
          }
        }
        for (const id of agents) expect((await loads()).get(id)).toBe(4);
      }
    });

    it('take the default capacity of 10 when the config does not say', async () => {
      const agent = await addUser(database, { name: 'Agent', role: 'first_level' });
      for (let i = 0; i < 12; i++) await newTicket(database, {}, NOW + i);
      expect((await loads()).get(agent)).toBe(10);
    });
  });

  describe('becoming present', () => {
    it('no longer gives the whole backlog to the first agent: capacity, then a share for the next one (many seeded runs)', async () => {
      for (let seed = 1; seed <= 25; seed++) {
        ({ database } = await env.reset());
        const a = await addUser(database, { name: 'A', role: 'first_level', present: false });
        const b = await addUser(database, { name: 'B', role: 'first_level', present: false });
        const c = await addUser(database, { name: 'C', role: 'first_level', present: false });
        const random = seeded(seed);
        const backlog = 5 + (seed % 6);
        for (let i = 0; i < backlog; i++) await newTicket(database, {}, NOW + i);

        const routing = { agentCapacity: 4, traineeUrgent: false };
        await setPresence(database, { userId: a, present: true, now: NOW + HOUR, random, routing });
        expect((await loads()).get(a)).toBe(4);
        const moved = await setPresence(database, { userId: b, present: true, now: NOW + HOUR, random, routing });
        expect(moved.length).toBeGreaterThan(0);
        await setPresence(database, { userId: c, present: true, now: NOW + HOUR, random, routing });
        const after = await loads();
        const counts = [a, b, c].map((id) => after.get(id) ?? 0);
        for (const count of counts) expect(count).toBeLessThanOrEqual(4);
        // Evenly spread: nobody has two more than anyone else, and nothing waits while someone has room.
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(counts.reduce((sum, n) => sum + n, 0)).toBe(Math.min(backlog, 12));
      }
    });

    it('moves only unstarted tickets, with an "rebalanced" event and a new version each', async () => {
      const a = await addUser(database, { name: 'A', role: 'first_level' });
      const tickets: Ticket[] = [];
      for (let i = 0; i < 6; i++) tickets.push((await newTicket(database, {}, NOW + i)).ticket);
      // Two of A's tickets were started (first response given): those stay.
      await database.kysely.updateTable('tickets').set({ status: 'open', first_response_at: NOW }).where('id', 'in', [tickets[4].id, tickets[5].id]).execute();
      const b = await addUser(database, { name: 'B', role: 'first_level', present: false });
      const moved = await setPresence(database, { userId: b, present: true, now: NOW + HOUR });
      expect(moved.map((entry) => entry.assigneeId)).toEqual([b, b, b]);
      expect(moved.map((entry) => entry.ticketId)).not.toContain(tickets[4].id);
      expect(moved.map((entry) => entry.ticketId)).not.toContain(tickets[5].id);
      const one = (await getTicket(database, moved[0].ticketId))!;
      expect(one.version).toBe(2);
      expect((await eventsOf(database, one.id)).at(-1)).toMatchObject({ type: 'assigned', from_value: String(a), to_value: String(b), detail: 'rebalanced', actor_id: null });
      expect([(await loads()).get(a), (await loads()).get(b)]).toEqual([3, 3]);
    });

    it('keeps specialists to their subject areas when rebalancing', async () => {
      const banking = await addUser(database, { name: 'Banking', role: 'third_level', areas: ['banking'] });
      for (let i = 0; i < 4; i++) {
        const { ticket } = await newTicket(database, { category: i < 3 ? 'banking' : 'payroll' });
        await placeTicket(database, ticket.id, { level: 3, assigneeId: banking });
      }
      await database.kysely.insertInto('user_areas').values({ user_id: banking, category: 'payroll' }).execute();
      const payroll = await addUser(database, { name: 'Payroll', role: 'third_level', areas: ['payroll'], present: false });
      const moved = await setPresence(database, { userId: payroll, present: true, now: NOW });
      expect(moved).toHaveLength(1);
      expect((await getTicket(database, moved[0].ticketId))!.category).toBe('payroll');
    });
  });

  describe('trainees', () => {
    it('get no urgent or overdue ticket while someone else of the level is present', async () => {
      const trainee = await addUser(database, { name: 'Trainee', role: 'first_level', trainee: true });
      const colleague = await addUser(database, { name: 'Colleague', role: 'first_level' });
      // The trainee is less loaded, yet the urgent and the overdue ticket go to the colleague.
      for (let i = 0; i < 3; i++) await placeTicket(database, (await newTicket(database)).ticket.id, { assigneeId: colleague });
      for (const value of [0, 0.5, 0.999]) {
        expect(await chooseAgent(database.kysely, { level: 1, priority: 'urgent' }, () => value)).toBe(colleague);
        expect(await chooseAgent(database.kysely, { level: 1, priority: 'normal', overdue: true }, () => value)).toBe(colleague);
        expect(await chooseAgent(database.kysely, { level: 1, priority: 'normal' }, () => value)).toBe(trainee);
        expect(await chooseAgent(database.kysely, { level: 1, priority: 'urgent', routing: { agentCapacity: 10, traineeUrgent: true } }, () => value)).toBe(trainee);
      }
      // Alone on the level, the trainee gets them.
      await setPresence(database, { userId: colleague, present: false });
      expect(await chooseAgent(database.kysely, { level: 1, priority: 'urgent' })).toBe(trainee);
    });

    it('skip the urgent and overdue waiting tickets when they become present after a colleague', async () => {
      const colleague = await addUser(database, { name: 'Colleague', role: 'first_level', present: false });
      const trainee = await addUser(database, { name: 'Trainee', role: 'first_level', trainee: true, present: false });
      const urgent = (await newTicket(database, {}, NOW)).ticket;
      await placeTicket(database, urgent.id, { priority: 'urgent' });
      const overdue = (await newTicket(database, {}, NOW - 30 * HOUR)).ticket;
      const normal = [(await newTicket(database, {}, NOW)).ticket, (await newTicket(database, {}, NOW)).ticket, (await newTicket(database, {}, NOW)).ticket];
      await setPresence(database, { userId: colleague, present: true, now: NOW });
      await setPresence(database, { userId: trainee, present: true, now: NOW });
      expect((await getTicket(database, urgent.id))!.assigneeId).toBe(colleague);
      expect((await getTicket(database, overdue.id))!.assigneeId).toBe(colleague);
      const traineeTickets: Ticket[] = [];
      for (const ticket of normal) if ((await getTicket(database, ticket.id))!.assigneeId === trainee) traineeTickets.push(ticket);
      expect(traineeTickets.length).toBeGreaterThan(0);
    });
  });

  describe('language', () => {
    it.each([3, 2] as const)('gives a ticket to an agent who speaks the customer’s language when one is present (DESK_LEVELS=%i)', async (levels) => {
      const german = await addUser(database, { name: 'Greta', role: 'second_level', languages: 'de' });
      const english = await addUser(database, { name: 'Eddie', role: 'second_level', languages: 'en' });
      for (let seed = 1; seed <= 20; seed++) {
        expect(await chooseAgent(database.kysely, { level: 2, lang: 'de', levels }, seeded(seed))).toBe(german);
        expect(await chooseAgent(database.kysely, { level: 2, lang: 'en', levels }, seeded(seed))).toBe(english);
      }
      // Greta at capacity: the German ticket goes to Eddie rather than waiting.
      for (let i = 0; i < 2; i++) await placeTicket(database, (await newTicket(database)).ticket.id, { level: 2, assigneeId: german });
      expect(await chooseAgent(database.kysely, { level: 2, lang: 'de', levels, routing: { agentCapacity: 2, traineeUrgent: false } })).toBe(english);
    });

    it('routes escalations by language too', async () => {
      const first = await addUser(database, { name: 'First', role: 'first_level' });
      await addUser(database, { name: 'Eddie', role: 'second_level', languages: 'en' });
      const german = await addUser(database, { name: 'Greta', role: 'second_level', languages: 'de' });
      const { ticket } = await newTicket(database, { lang: 'de' });
      const up = await escalateTicket(database, { ticketId: ticket.id, actor: await actorOf(database, first), reason: 'Needs level 2', expectedVersion: ticket.version, config: CONFIG });
      expect(up.assigneeId).toBe(german);
    });
  });

  describe('two-level mode (DESK_LEVELS=2)', () => {
    it('spreads escalations over second level by area, then load, up to capacity, and rebalances for a newly present agent (many seeded runs)', async () => {
      for (let seed = 1; seed <= 15; seed++) {
        ({ database } = await env.reset());
        const config = { ...CONFIG, levels: 2 as const, agentCapacity: 3 };
        const first = await actorOf(database, await addUser(database, { name: 'First', role: 'first_level' }));
        const export1 = await addUser(database, { name: 'Export One', role: 'second_level', areas: ['export'] });
        const plain = await addUser(database, { name: 'Plain', role: 'second_level' });
        const late = await addUser(database, { name: 'Late', role: 'second_level', present: false });
        const random = seeded(seed);
        const assignees: (number | null)[] = [];
        for (let i = 0; i < 8; i++) {
          const { ticket } = await createTicket(database, { input: ticketForm({ category: 'export' }), config: { ...config, agentCapacity: 10 }, now: NOW + i, random });
          assignees.push((await escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Needs level 2', expectedVersion: ticket.version, config, random })).assigneeId);
        }
        // The export agent first (area), up to capacity; then the other present one; then the queue.
        expect(assignees).toEqual([export1, export1, export1, plain, plain, plain, null, null]);
        const moved = await setPresence(database, { userId: late, present: true, now: NOW + HOUR, random, levels: 2, routing: config });
        // The two waiting tickets first, then nothing to rebalance (3, 3, 2 differ by at most one).
        expect(moved.map((entry) => entry.assigneeId)).toEqual([late, late]);
        const after = await loads();
        expect([export1, plain, late].map((id) => after.get(id))).toEqual([3, 3, 2]);
      }
    });
  });

  describe('room freed by a change', () => {
    it('hands the waiting queue out when an agent at capacity solves a ticket', async () => {
      const config = { ...CONFIG, agentCapacity: 2 };
      const agent = await actorOf(database, await addUser(database, { name: 'Agent', role: 'first_level' }));
      const tickets: Ticket[] = [];
      for (let i = 0; i < 3; i++) tickets.push((await createTicket(database, { input: ticketForm(), config, now: NOW + i })).ticket);
      expect(tickets.map((ticket) => ticket.assigneeId)).toEqual([agent.id, agent.id, null]);
      await solveTicket(database, { ticketId: tickets[0].id, actor: agent, summary: 'Done', expectedVersion: tickets[0].version, config, now: NOW + HOUR });
      expect(await getTicket(database, tickets[2].id)).toMatchObject({ assigneeId: agent.id, version: tickets[2].version + 1 });
      expect((await eventsOf(database, tickets[2].id)).at(-1)).toMatchObject({ type: 'assigned', detail: 'from the waiting queue' });
    });
  });
});
