/**
 * Queues: a level's tickets in progress in work order, filters, and overdue.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type TicketStatus } from '../../../src/lib/server/desk/vocabulary.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { isOverdue, listMyTickets, listQueue, listTraineeTickets } from '../../../src/lib/server/desk/queues.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { addUser, CONFIG, deskStaff, HOUR, newTicket, NOW, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('queues on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('queues', () => {
    it('lists a level’s tickets in progress, overdue first, with filters', async () => {
      const { first, second } = await staff();
      const old = (await newTicket(database, { category: 'banking' }, NOW - 30 * HOUR)).ticket; // due NOW - 6 h: overdue
      const fresh = (await newTicket(database, { category: 'invoices' }, NOW)).ticket;
      const urgent = (await newTicket(database, { category: 'invoices' }, NOW)).ticket;
      await setPriority(database, { ticketId: urgent.id, actor: first, priority: 'urgent', expectedVersion: urgent.version, config: CONFIG, now: NOW });
      const solved = (await newTicket(database, {}, NOW)).ticket;
      await solveTicket(database, { ticketId: solved.id, actor: first, summary: 's', expectedVersion: solved.version, config: CONFIG, now: NOW });
      const up = (await newTicket(database, {}, NOW)).ticket;
      await escalateTicket(database, { ticketId: up.id, actor: first, reason: 'r', expectedVersion: up.version, config: CONFIG, now: NOW });

      const ids = (list: { id: number }[]): number[] => list.map((entry) => entry.id);
      expect(ids(await listQueue(database, 1, { now: NOW }))).toEqual([old.id, urgent.id, fresh.id]);
      expect((await listQueue(database, 1, { now: NOW }))[0]).toMatchObject({ overdue: true, assigneeName: 'Fiona First' });
      expect(ids(await listQueue(database, 1, { overdue: true, now: NOW }))).toEqual([old.id]);
      expect(ids(await listQueue(database, 1, { overdue: false, now: NOW }))).toEqual([urgent.id, fresh.id]);
      expect(ids(await listQueue(database, 1, { category: 'invoices', now: NOW }))).toEqual([urgent.id, fresh.id]);
      expect(ids(await listQueue(database, 1, { priority: 'urgent', now: NOW }))).toEqual([urgent.id]);
      expect(ids(await listQueue(database, 1, { status: 'solved', now: NOW }))).toEqual([solved.id]);
      expect(ids(await listQueue(database, 1, { areas: ['banking'], now: NOW }))).toEqual([old.id]);
      expect(ids(await listQueue(database, 1, { areas: [], now: NOW }))).toEqual([]);
      expect(ids(await listQueue(database, 2, { now: NOW }))).toEqual([up.id]);
      // The urgent ticket becomes overdue two hours later.
      expect(ids(await listQueue(database, 1, { overdue: true, now: NOW + 2 * HOUR + 1 }))).toEqual([urgent.id, old.id]);

      expect(ids(await listMyTickets(database, first.id, NOW))).toEqual([old.id, urgent.id, fresh.id]);
      expect(ids(await listMyTickets(database, second.id, NOW))).toEqual([up.id]);
    });

    it('computes overdue from the first response and the due time', () => {
      const base = { status: 'open' as TicketStatus, firstResponseAt: null, firstResponseDue: NOW };
      expect(isOverdue(base, NOW)).toBe(false);
      expect(isOverdue(base, NOW + 1)).toBe(true);
      expect(isOverdue({ ...base, firstResponseAt: NOW - 1 }, NOW + 1)).toBe(false);
      // Waiting on the customer pauses the clocks: only new and open tickets can be overdue.
      for (const status of TICKET_STATUSES) expect(isOverdue({ ...base, status }, NOW + 1)).toBe(status === 'new' || status === 'open');
      // The resolution due time counts too, also after the first response.
      expect(isOverdue({ ...base, firstResponseAt: NOW - 1, resolutionDue: NOW }, NOW + 1)).toBe(true);
      expect(isOverdue({ ...base, firstResponseAt: NOW - 1, resolutionDue: NOW + 2 }, NOW + 1)).toBe(false);
    });
  });

  describe('listTraineeTickets', () => {
    it('lists the open tickets of first-level trainees only, in work order', async () => {
      const trainee = await addUser(database, { name: 'Lena', role: 'first_level', trainee: true });
      const regular = await addUser(database, { name: 'Fiona', role: 'first_level' });
      const tickets: Ticket[] = [];
      for (let i = 0; i < 4; i++) tickets.push((await newTicket(database)).ticket);
      await placeTicket(database, tickets[0].id, { assigneeId: trainee });
      await placeTicket(database, tickets[1].id, { assigneeId: trainee, priority: 'urgent' });
      await placeTicket(database, tickets[2].id, { assigneeId: trainee, status: 'solved' });
      await placeTicket(database, tickets[3].id, { assigneeId: regular });
      expect((await listTraineeTickets(database, NOW + HOUR)).map((ticket) => [ticket.id, ticket.assigneeName])).toEqual([
        [tickets[1].id, 'Lena'],
        [tickets[0].id, 'Lena'],
      ]);
    });
  });
});
