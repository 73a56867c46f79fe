/**
 * `setPriority`: the first-response due time follows the priority until the first response.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { CONFIG, deskStaff, eventsOf, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('set-priority on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('setPriority', () => {
    it('recomputes the first-response due time with the priority until the first response', async () => {
      const { first } = await staff();
      const { ticket } = await newTicket(database);
      const urgent = await setPriority(database, { ticketId: ticket.id, actor: first, priority: 'urgent', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1000 });
      expect(urgent).toMatchObject({ priority: 'urgent', firstResponseDue: NOW + 2 * HOUR });
      expect((await eventsOf(database, ticket.id)).slice(-2)).toEqual([
        expect.objectContaining({ type: 'priority', from_value: 'normal', to_value: 'urgent' }),
        expect.objectContaining({ type: 'first_response_due', from_value: new Date(NOW + 24 * HOUR).toISOString(), to_value: new Date(NOW + 2 * HOUR).toISOString() }),
      ]);
      const replied = await replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'On it', expectedVersion: urgent.version, config: CONFIG, now: NOW + HOUR });
      const low = await setPriority(database, { ticketId: ticket.id, actor: first, priority: 'low', expectedVersion: replied.version, config: CONFIG });
      expect(low).toMatchObject({ priority: 'low', firstResponseDue: NOW + 2 * HOUR });
      await expectDeskError(() => setPriority(database, { ticketId: ticket.id, actor: first, priority: 'critical' as never, expectedVersion: low.version, config: CONFIG }), 'invalid');
    });
  });
});
