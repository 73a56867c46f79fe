/**
 * `handBackTicket`: back to its owner (the agent who escalated it) when present, else the queue;
 * without an owner to the previous assignee of the lower level, else by the rule.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { addUser, CONFIG, deskStaff, eventsOf, expectDeskError, newTicket, NOW, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('hand-back-ticket on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('handBackTicket', () => {
    it('hands back to the agent who escalated it when present, else to the queue', async () => {
      const { second, third } = await staff();
      const otherSecond = await addUser(database, { name: 'Olga Other', role: 'second_level' });
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: null });
      // Olga is busier, so Sam gets the ticket at level 2.
      for (let i = 0; i < 2; i++) await placeTicket(database, (await newTicket(database)).ticket.id, { level: 2, assigneeId: otherSecond });
      let t = await takeTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
      t = await escalateTicket(database, { ticketId: t.id, actor: second, reason: 'Undocumented', expectedVersion: t.version, config: CONFIG });
      expect(t.assigneeId).toBe(third.id);
      t = await addNote(database, { ticketId: t.id, actor: third, body: 'Rebuild the index.', expectedVersion: t.version, config: CONFIG });
      t = await handBackTicket(database, { ticketId: t.id, actor: third, guidance: 'Rebuild the index, then ask the customer to retry.', expectedVersion: t.version, config: CONFIG });
      expect(t).toMatchObject({ level: 2, assigneeId: second.id });
      expect((await eventsOf(database, t.id)).filter((event) => event.version === t.version).map((event) => [event.type, event.detail])).toEqual([
        ['assigned', 'handed back'],
        ['handed_back', 'Rebuild the index, then ask the customer to retry.'],
        ['assigned', 'back to the agent who escalated it'],
      ]);

      // Sam, the owner, is away the next time: the ticket waits in the level-2 queue (Olga,
      // present, can take it), it does not go to someone who never had it.
      t = await escalateTicket(database, { ticketId: t.id, actor: second, reason: 'Again', expectedVersion: t.version, config: CONFIG });
      await setPresence(database, { userId: second.id, present: false });
      t = await handBackTicket(database, { ticketId: t.id, actor: third, guidance: 'Done', expectedVersion: t.version, config: CONFIG });
      expect(t).toMatchObject({ level: 2, assigneeId: null });
      expect((await eventsOf(database, t.id)).filter((event) => event.version === t.version).map((event) => [event.type, event.to_value])).toEqual([
        ['assigned', null],
        ['handed_back', '2'],
      ]);
      void otherSecond;
    });

    it('hands back 2 → 1 to the first-level agent who escalated', async () => {
      const { first, second } = await staff();
      await addUser(database, { name: 'Fred First', role: 'first_level' });
      const { ticket } = await newTicket(database, {}, NOW, () => 0);
      expect(ticket.assigneeId).toBe(first.id);
      const up = await escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Workaround needed', expectedVersion: ticket.version, config: CONFIG });
      const down = await handBackTicket(database, { ticketId: ticket.id, actor: second, guidance: 'Known issue, see article X', expectedVersion: up.version, config: CONFIG });
      expect(down).toMatchObject({ level: 1, assigneeId: first.id });
      await expectDeskError(() => handBackTicket(database, { ticketId: ticket.id, actor: first, guidance: 'x', expectedVersion: down.version, config: CONFIG }), 'forbidden');
    });

    it.each([3, 2] as const)('returns a 2 → 1 hand-back to the escalating agent, or the queue while they are away (DESK_LEVELS=%i)', async (levels) => {
      const config = { ...CONFIG, levels };
      const { first, second } = await staff();
      const fred = await addUser(database, { name: 'Fred First', role: 'first_level' });
      const { ticket } = await newTicket(database, {}, NOW, () => 0);
      expect(ticket.assigneeId).toBe(first.id);
      let t = await escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Workaround needed', expectedVersion: ticket.version, config });
      // Fiona has no other tickets, Fred gets busier meanwhile: still Fiona gets it back.
      for (let i = 0; i < 3; i++) await placeTicket(database, (await newTicket(database)).ticket.id, { assigneeId: fred });
      t = await handBackTicket(database, { ticketId: t.id, actor: second, guidance: 'See article X', expectedVersion: t.version, config });
      expect(t).toMatchObject({ level: 1, assigneeId: first.id });
      expect((await eventsOf(database, t.id)).at(-1)).toMatchObject({ type: 'assigned', to_value: String(first.id), detail: 'back to the agent who escalated it', actor_id: second.id });

      t = await escalateTicket(database, { ticketId: t.id, actor: first, reason: 'Still broken', expectedVersion: t.version, config });
      await setPresence(database, { userId: first.id, present: false, levels });
      t = await handBackTicket(database, { ticketId: t.id, actor: second, guidance: 'Try again', expectedVersion: t.version, config });
      expect(t).toMatchObject({ level: 1, assigneeId: null });
    });

    it('without an owner of that level (an admin escalated) goes to the previous assignee, else by the rule', async () => {
      const { second, third, admin } = await staff();
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2, assigneeId: null });
      let t = await takeTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONFIG });
      t = await escalateTicket(database, { ticketId: t.id, actor: admin, reason: 'Admin sends it up', expectedVersion: t.version, config: CONFIG });
      t = await handBackTicket(database, { ticketId: t.id, actor: third, guidance: 'Done', expectedVersion: t.version, config: CONFIG });
      expect(t).toMatchObject({ level: 2, assigneeId: second.id });
      expect((await eventsOf(database, t.id)).at(-1)).toMatchObject({ detail: 'back to the previous assignee' });
    });
  });
});
