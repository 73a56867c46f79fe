/**
 * `takeTicket`: any agent of the level may take a ticket, also from a colleague.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { actorOf, addUser, CONFIG, eventsOf, newTicket, NOW, openDeskDb } from './fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

/** The staff of a small desk, all present. */
function staff() {
  const first = addUser(db, { name: 'Fiona First', role: 'first_level' });
  const second = addUser(db, { name: 'Sam Second', role: 'second_level' });
  const third = addUser(db, { name: 'Tess Third', role: 'third_level', areas: ['invoices'] });
  const admin = addUser(db, { name: 'Ada Admin', role: 'admin' });
  return { first: actorOf(db, first), second: actorOf(db, second), third: actorOf(db, third), admin: actorOf(db, admin) };
}

describe('takeTicket', () => {
  it('lets any agent of the level take a ticket, also from a colleague', () => {
    const { first } = staff();
    const colleague = actorOf(db, addUser(db, { name: 'Carl Colleague', role: 'first_level' }));
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    expect(ticket.assigneeId).toBe(first.id);
    const taken = takeTicket(db, { ticketId: ticket.id, actor: colleague, expectedVersion: ticket.version, config: CONFIG });
    expect(taken.assigneeId).toBe(colleague.id);
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'assigned', from_value: String(first.id), to_value: String(colleague.id), detail: 'taken' });
  });
});
