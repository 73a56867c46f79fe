/** `relateTickets`: a link both ways, with an event on each ticket; linking twice changes nothing. */
import { beforeEach, describe, expect, it } from 'vitest';
import { relateTickets } from '../../../src/lib/server/desk/relate-tickets.ts';
import { listRelatedTickets } from '../../../src/lib/server/desk/ticket-relations.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { CONFIG, deskStaff, eventsOf, expectDeskError, newTicket, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('relate-tickets on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('relateTickets', () => {
    it('links both ways once, with an event and a new version on each side', async () => {
      const { first } = await deskStaff(database);
      const a = (await newTicket(database)).ticket;
      const b = (await newTicket(database, { email: 'other@example.com', subject: 'Same fault elsewhere' })).ticket;
      await placeTicket(database, a.id, { assigneeId: first.id });
      const after = await relateTickets(database, { ticketId: a.id, actor: first, otherReference: b.reference, expectedVersion: a.version, config: CONFIG });
      expect(after.version).toBe(a.version + 1);
      expect((await getTicket(database, b.id))!.version).toBe(b.version + 1);
      expect(await listRelatedTickets(database, a.id)).toEqual([{ reference: b.reference, subject: 'Same fault elsewhere', status: 'new' }]);
      expect((await listRelatedTickets(database, b.id)).map((t) => t.reference)).toEqual([a.reference]);
      expect((await eventsOf(database, a.id)).at(-1)).toMatchObject({ type: 'related', to_value: b.reference });
      expect((await eventsOf(database, b.id)).at(-1)).toMatchObject({ type: 'related', to_value: a.reference });
      // Again (from either side): nothing changes.
      expect((await relateTickets(database, { ticketId: a.id, actor: first, otherReference: b.reference, expectedVersion: after.version, config: CONFIG })).version).toBe(after.version);
      expect((await expectDeskError(() => relateTickets(database, { ticketId: a.id, actor: first, otherReference: a.reference, expectedVersion: after.version, config: CONFIG }), 'invalid')).key).toBe('org.error.relate.self');
      expect((await expectDeskError(() => relateTickets(database, { ticketId: a.id, actor: first, otherReference: 'T-1-1', expectedVersion: after.version, config: CONFIG }), 'not_found')).key).toBe('org.error.relate.other');
    });
  });
});
