/**
 * Queues: a level's tickets in progress in work order, filters, and overdue.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { TICKET_STATUSES, type TicketStatus } from '../../../src/lib/server/desk/vocabulary.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { isOverdue, listMyTickets, listQueue, listTraineeTickets } from '../../../src/lib/server/desk/queues.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { addUser, CONFIG, deskStaff, HOUR, newTicket, NOW, placeTicket } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

describe('queues', () => {
  it('lists a level’s tickets in progress, overdue first, with filters', () => {
    const { first, second } = staff();
    const old = newTicket(db, { category: 'banking' }, NOW - 30 * HOUR).ticket; // due NOW - 6 h: overdue
    const fresh = newTicket(db, { category: 'invoices' }, NOW).ticket;
    const urgent = newTicket(db, { category: 'invoices' }, NOW).ticket;
    setPriority(db, { ticketId: urgent.id, actor: first, priority: 'urgent', expectedVersion: urgent.version, config: CONFIG, now: NOW });
    const solved = newTicket(db, {}, NOW).ticket;
    solveTicket(db, { ticketId: solved.id, actor: first, summary: 's', expectedVersion: solved.version, config: CONFIG, now: NOW });
    const up = newTicket(db, {}, NOW).ticket;
    escalateTicket(db, { ticketId: up.id, actor: first, reason: 'r', expectedVersion: up.version, config: CONFIG, now: NOW });

    const ids = (list: { id: number }[]): number[] => list.map((entry) => entry.id);
    expect(ids(listQueue(db, 1, { now: NOW }))).toEqual([old.id, urgent.id, fresh.id]);
    expect(listQueue(db, 1, { now: NOW })[0]).toMatchObject({ overdue: true, assigneeName: 'Fiona First' });
    expect(ids(listQueue(db, 1, { overdue: true, now: NOW }))).toEqual([old.id]);
    expect(ids(listQueue(db, 1, { overdue: false, now: NOW }))).toEqual([urgent.id, fresh.id]);
    expect(ids(listQueue(db, 1, { category: 'invoices', now: NOW }))).toEqual([urgent.id, fresh.id]);
    expect(ids(listQueue(db, 1, { priority: 'urgent', now: NOW }))).toEqual([urgent.id]);
    expect(ids(listQueue(db, 1, { status: 'solved', now: NOW }))).toEqual([solved.id]);
    expect(ids(listQueue(db, 1, { areas: ['banking'], now: NOW }))).toEqual([old.id]);
    expect(ids(listQueue(db, 1, { areas: [], now: NOW }))).toEqual([]);
    expect(ids(listQueue(db, 2, { now: NOW }))).toEqual([up.id]);
    // The urgent ticket becomes overdue two hours later.
    expect(ids(listQueue(db, 1, { overdue: true, now: NOW + 2 * HOUR + 1 }))).toEqual([urgent.id, old.id]);

    expect(ids(listMyTickets(db, first.id, NOW))).toEqual([old.id, urgent.id, fresh.id]);
    expect(ids(listMyTickets(db, second.id, NOW))).toEqual([up.id]);
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
  it('lists the open tickets of first-level trainees only, in work order', () => {
    const trainee = addUser(db, { name: 'Lena', role: 'first_level', trainee: true });
    const regular = addUser(db, { name: 'Fiona', role: 'first_level' });
    const tickets = Array.from({ length: 4 }, () => newTicket(db).ticket);
    placeTicket(db, tickets[0].id, { assigneeId: trainee });
    placeTicket(db, tickets[1].id, { assigneeId: trainee, priority: 'urgent' });
    placeTicket(db, tickets[2].id, { assigneeId: trainee, status: 'solved' });
    placeTicket(db, tickets[3].id, { assigneeId: regular });
    expect(listTraineeTickets(db, NOW + HOUR).map((ticket) => [ticket.id, ticket.assigneeName])).toEqual([
      [tickets[1].id, 'Lena'],
      [tickets[0].id, 'Lena'],
    ]);
  });
});
