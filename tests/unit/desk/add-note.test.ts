/**
 * `addNote`: internal notes, a specialist's note recorded as advice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { CONFIG, deskStaff, eventsOf, newTicket, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('add-note on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('addNote', () => {
    it('records a specialist’s note as advice, visible to staff only', async () => {
      const { second, third } = await staff();
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: second.id });
      const up = await escalateTicket(database, { ticketId: ticket.id, actor: second, reason: 'Undocumented', expectedVersion: ticket.version, config: CONFIG });
      const advised = await addNote(database, { ticketId: ticket.id, actor: third, body: 'Use the repair tool.', expectedVersion: up.version, config: CONFIG });
      expect((await eventsOf(database, ticket.id)).at(-1)).toMatchObject({ type: 'advice', actor_id: third.id });
      const back = await handBackTicket(database, { ticketId: ticket.id, actor: third, guidance: 'See my advice.', expectedVersion: advised.version, config: CONFIG });
      await addNote(database, { ticketId: ticket.id, actor: second, body: 'Thanks', expectedVersion: back.version, config: CONFIG });
      expect((await eventsOf(database, ticket.id)).at(-1)).toMatchObject({ type: 'note', actor_id: second.id });
      const staffView = await listTimeline(database, ticket.id, { includeInternal: true });
      expect(staffView.find((entry) => entry.entry === 'message' && entry.kind === 'note')).toMatchObject({ authorName: 'Tess Third', authorRole: 'third_level' });
      expect((await listTimeline(database, ticket.id, { includeInternal: false })).some((entry) => entry.entry === 'message' && entry.kind === 'note')).toBe(false);
    });
  });
});
