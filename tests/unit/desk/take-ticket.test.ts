/**
 * `takeTicket`: any agent of the level may take a ticket, also from a colleague.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { actorOf, addUser, CONFIG, deskStaff, eventsOf, newTicket, NOW } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

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
