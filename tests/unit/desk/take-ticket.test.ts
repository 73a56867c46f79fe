/**
 * `takeTicket`: any agent of the level may take a ticket, also from a colleague.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { actorOf, addUser, CONFIG, deskStaff, eventsOf, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('take-ticket on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('takeTicket', () => {
    it('lets any agent of the level take a ticket, also from a colleague', async () => {
      const { first } = await staff();
      const colleague = await actorOf(database, await addUser(database, { name: 'Carl Colleague', role: 'first_level' }));
      const { ticket } = await newTicket(database, {}, NOW, () => 0);
      expect(ticket.assigneeId).toBe(first.id);
      const taken = await takeTicket(database, { ticketId: ticket.id, actor: colleague, expectedVersion: ticket.version, config: CONFIG });
      expect(taken.assigneeId).toBe(colleague.id);
      expect((await eventsOf(database, ticket.id)).at(-1)).toMatchObject({ type: 'assigned', from_value: String(first.id), to_value: String(colleague.id), detail: 'taken' });
    });
  });
});
