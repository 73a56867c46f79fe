/**
 * Fair distribution: capacity, round-robin by load, a newly present agent's share of the
 * unstarted backlog, trainees and urgent or overdue tickets, the customer's language — over
 * many seeded runs and with both DESK_LEVELS settings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { chooseAgent } from '../../../src/lib/server/desk/distribution.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { actorOf, addUser, CONFIG, eventsOf, HOUR, newTicket, NOW, openDeskDb, placeTicket, ticketForm } from './fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

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
function loads(): Map<number, number> {
  const rows = db.prepare(`SELECT assignee_id AS id, COUNT(*) AS n FROM tickets WHERE assignee_id IS NOT NULL AND status IN ('new', 'open', 'waiting') GROUP BY assignee_id`).all() as { id: number; n: number }[];
  return new Map(rows.map((row) => [row.id, row.n]));
}

const SMALL = { ...CONFIG, agentCapacity: 4 };

/** Creates a ticket with this config and random function. */
function createWith(config: typeof CONFIG, random: () => number, now = NOW) {
  return createTicket(db, { input: ticketForm(), config, now, random });
}

describe('new tickets', () => {
  it('go round-robin: nobody gets a second ticket before everyone has one, and nobody goes above capacity', () => {
    for (let seed = 1; seed <= 20; seed++) {
      close();
      ({ db, close } = openDeskDb());
      const agents = [1, 2, 3].map((n) => addUser(db, { name: `Agent ${n}`, role: 'first_level' }));
      const random = seeded(seed);
      for (let i = 0; i < 15; i++) {
        const before = loads();
        const { ticket } = createWith(SMALL, random, NOW + i);
        if (i < 12) {
          const least = Math.min(...agents.map((id) => before.get(id) ?? 0));
          expect(before.get(ticket.assigneeId!) ?? 0).toBe(least);
        } else {
          // Everyone is at capacity (3 × 4 = 12): the rest wait in the queue.
          expect(ticket.assigneeId).toBeNull();
        }
      }
      for (const id of agents) expect(loads().get(id)).toBe(4);
    }
  });

  it('take the default capacity of 10 when the config does not say', () => {
    const agent = addUser(db, { name: 'Agent', role: 'first_level' });
    for (let i = 0; i < 12; i++) newTicket(db, {}, NOW + i);
    expect(loads().get(agent)).toBe(10);
  });
});


describe('becoming present', () => {
  it('no longer gives the whole backlog to the first agent: capacity, then a share for the next one (many seeded runs)', () => {
    for (let seed = 1; seed <= 25; seed++) {
      close();
      ({ db, close } = openDeskDb());
      const a = addUser(db, { name: 'A', role: 'first_level', present: false });
      const b = addUser(db, { name: 'B', role: 'first_level', present: false });
      const c = addUser(db, { name: 'C', role: 'first_level', present: false });
      const random = seeded(seed);
      const backlog = 5 + (seed % 6);
      for (let i = 0; i < backlog; i++) newTicket(db, {}, NOW + i);

      const routing = { agentCapacity: 4, traineeUrgent: false };
      setPresence(db, { userId: a, present: true, now: NOW + HOUR, random, routing });
      expect(loads().get(a)).toBe(4);
      const moved = setPresence(db, { userId: b, present: true, now: NOW + HOUR, random, routing });
      expect(moved.length).toBeGreaterThan(0);
      setPresence(db, { userId: c, present: true, now: NOW + HOUR, random, routing });
      const after = loads();
      const counts = [a, b, c].map((id) => after.get(id) ?? 0);
      for (const count of counts) expect(count).toBeLessThanOrEqual(4);
      // Evenly spread: nobody has two more than anyone else, and nothing waits while someone has room.
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect(counts.reduce((sum, n) => sum + n, 0)).toBe(Math.min(backlog, 12));
    }
  });

  it('moves only unstarted tickets, with an "rebalanced" event and a new version each', () => {
    const a = addUser(db, { name: 'A', role: 'first_level' });
    const tickets = Array.from({ length: 6 }, (_, i) => newTicket(db, {}, NOW + i).ticket);
    // Two of A's tickets were started (first response given): those stay.
    db.prepare('UPDATE tickets SET status = ?, first_response_at = ? WHERE id IN (?, ?)').run('open', NOW, tickets[4].id, tickets[5].id);
    const b = addUser(db, { name: 'B', role: 'first_level', present: false });
    const moved = setPresence(db, { userId: b, present: true, now: NOW + HOUR });
    expect(moved.map((entry) => entry.assigneeId)).toEqual([b, b, b]);
    expect(moved.map((entry) => entry.ticketId)).not.toContain(tickets[4].id);
    expect(moved.map((entry) => entry.ticketId)).not.toContain(tickets[5].id);
    const one = getTicket(db, moved[0].ticketId)!;
    expect(one.version).toBe(2);
    expect(eventsOf(db, one.id).at(-1)).toMatchObject({ type: 'assigned', from_value: String(a), to_value: String(b), detail: 'rebalanced', actor_id: null });
    expect([loads().get(a), loads().get(b)]).toEqual([3, 3]);
  });

  it('keeps specialists to their subject areas when rebalancing', () => {
    const banking = addUser(db, { name: 'Banking', role: 'third_level', areas: ['banking'] });
    for (let i = 0; i < 4; i++) {
      const { ticket } = newTicket(db, { category: i < 3 ? 'banking' : 'payroll' });
      placeTicket(db, ticket.id, { level: 3, assigneeId: banking });
    }
    db.prepare("INSERT INTO user_areas (user_id, category) VALUES (?, 'payroll')").run(banking);
    const payroll = addUser(db, { name: 'Payroll', role: 'third_level', areas: ['payroll'], present: false });
    const moved = setPresence(db, { userId: payroll, present: true, now: NOW });
    expect(moved).toHaveLength(1);
    expect(getTicket(db, moved[0].ticketId)!.category).toBe('payroll');
  });
});

describe('trainees', () => {
  it('get no urgent or overdue ticket while someone else of the level is present', () => {
    const trainee = addUser(db, { name: 'Trainee', role: 'first_level', trainee: true });
    const colleague = addUser(db, { name: 'Colleague', role: 'first_level' });
    // The trainee is less loaded, yet the urgent and the overdue ticket go to the colleague.
    for (let i = 0; i < 3; i++) placeTicket(db, newTicket(db).ticket.id, { assigneeId: colleague });
    for (const value of [0, 0.5, 0.999]) {
      expect(chooseAgent(db, { level: 1, priority: 'urgent' }, () => value)).toBe(colleague);
      expect(chooseAgent(db, { level: 1, priority: 'normal', overdue: true }, () => value)).toBe(colleague);
      expect(chooseAgent(db, { level: 1, priority: 'normal' }, () => value)).toBe(trainee);
      expect(chooseAgent(db, { level: 1, priority: 'urgent', routing: { agentCapacity: 10, traineeUrgent: true } }, () => value)).toBe(trainee);
    }
    // Alone on the level, the trainee gets them.
    setPresence(db, { userId: colleague, present: false });
    expect(chooseAgent(db, { level: 1, priority: 'urgent' })).toBe(trainee);
  });

  it('skip the urgent and overdue waiting tickets when they become present after a colleague', () => {
    const colleague = addUser(db, { name: 'Colleague', role: 'first_level', present: false });
    const trainee = addUser(db, { name: 'Trainee', role: 'first_level', trainee: true, present: false });
    const urgent = newTicket(db, {}, NOW).ticket;
    placeTicket(db, urgent.id, { priority: 'urgent' });
    const overdue = newTicket(db, {}, NOW - 30 * HOUR).ticket;
    const normal = [newTicket(db, {}, NOW).ticket, newTicket(db, {}, NOW).ticket, newTicket(db, {}, NOW).ticket];
    setPresence(db, { userId: colleague, present: true, now: NOW });
    setPresence(db, { userId: trainee, present: true, now: NOW });
    expect(getTicket(db, urgent.id)!.assigneeId).toBe(colleague);
    expect(getTicket(db, overdue.id)!.assigneeId).toBe(colleague);
    const traineeTickets = normal.filter((ticket) => getTicket(db, ticket.id)!.assigneeId === trainee);
    expect(traineeTickets.length).toBeGreaterThan(0);
  });
});

describe('language', () => {
  it.each([3, 2] as const)('gives a ticket to an agent who speaks the customer’s language when one is present (DESK_LEVELS=%i)', (levels) => {
    const german = addUser(db, { name: 'Greta', role: 'second_level', languages: 'de' });
    const english = addUser(db, { name: 'Eddie', role: 'second_level', languages: 'en' });
    for (let seed = 1; seed <= 20; seed++) {
      expect(chooseAgent(db, { level: 2, lang: 'de', levels }, seeded(seed))).toBe(german);
      expect(chooseAgent(db, { level: 2, lang: 'en', levels }, seeded(seed))).toBe(english);
    }
    // Greta at capacity: the German ticket goes to Eddie rather than waiting.
    for (let i = 0; i < 2; i++) placeTicket(db, newTicket(db).ticket.id, { level: 2, assigneeId: german });
    expect(chooseAgent(db, { level: 2, lang: 'de', levels, routing: { agentCapacity: 2, traineeUrgent: false } })).toBe(english);
  });

  it('routes escalations by language too', () => {
    const first = addUser(db, { name: 'First', role: 'first_level' });
    addUser(db, { name: 'Eddie', role: 'second_level', languages: 'en' });
    const german = addUser(db, { name: 'Greta', role: 'second_level', languages: 'de' });
    const { ticket } = newTicket(db, { lang: 'de' });
    const up = escalateTicket(db, { ticketId: ticket.id, actor: actorOf(db, first), reason: 'Needs level 2', expectedVersion: ticket.version, config: CONFIG });
    expect(up.assigneeId).toBe(german);
  });
});

describe('two-level mode (DESK_LEVELS=2)', () => {
  it('spreads escalations over second level by area, then load, up to capacity, and rebalances for a newly present agent (many seeded runs)', () => {
    for (let seed = 1; seed <= 15; seed++) {
      close();
      ({ db, close } = openDeskDb());
      const config = { ...CONFIG, levels: 2 as const, agentCapacity: 3 };
      const first = actorOf(db, addUser(db, { name: 'First', role: 'first_level' }));
      const export1 = addUser(db, { name: 'Export One', role: 'second_level', areas: ['export'] });
      const plain = addUser(db, { name: 'Plain', role: 'second_level' });
      const late = addUser(db, { name: 'Late', role: 'second_level', present: false });
      const random = seeded(seed);
      const assignees: (number | null)[] = [];
      for (let i = 0; i < 8; i++) {
        const { ticket } = createTicket(db, { input: ticketForm({ category: 'export' }), config: { ...config, agentCapacity: 10 }, now: NOW + i, random });
        assignees.push(escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'Needs level 2', expectedVersion: ticket.version, config, random }).assigneeId);
      }
      // The export agent first (area), up to capacity; then the other present one; then the queue.
      expect(assignees).toEqual([export1, export1, export1, plain, plain, plain, null, null]);
      const moved = setPresence(db, { userId: late, present: true, now: NOW + HOUR, random, levels: 2, routing: config });
      // The two waiting tickets first, then nothing to rebalance (3, 3, 2 differ by at most one).
      expect(moved.map((entry) => entry.assigneeId)).toEqual([late, late]);
      expect([export1, plain, late].map((id) => loads().get(id))).toEqual([3, 3, 2]);
    }
  });
});

describe('room freed by a change', () => {
  it('hands the waiting queue out when an agent at capacity solves a ticket', () => {
    const config = { ...CONFIG, agentCapacity: 2 };
    const agent = actorOf(db, addUser(db, { name: 'Agent', role: 'first_level' }));
    const tickets = Array.from({ length: 3 }, (_, i) => createTicket(db, { input: ticketForm(), config, now: NOW + i }).ticket);
    expect(tickets.map((ticket) => ticket.assigneeId)).toEqual([agent.id, agent.id, null]);
    solveTicket(db, { ticketId: tickets[0].id, actor: agent, summary: 'Done', expectedVersion: tickets[0].version, config, now: NOW + HOUR });
    expect(getTicket(db, tickets[2].id)).toMatchObject({ assigneeId: agent.id, version: tickets[2].version + 1 });
    expect(eventsOf(db, tickets[2].id).at(-1)).toMatchObject({ type: 'assigned', detail: 'from the waiting queue' });
  });
});
