/**
 * Passing tickets by hand: assign to a named colleague of the level with a reason, take from
 * a colleague with a reason, release an away agent's ticket to the queue (second level and
 * admins, every level).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { assignToColleague, colleaguesFor, releaseTicket } from '../../../src/lib/server/desk/reassign-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { actorOf, addUser, CONFIG, eventsOf, newTicket, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('reassign-ticket on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  async function codeOf(run: () => unknown): Promise<string> {
    try {
      await run();
    } catch (error) {
      expect(error).toBeInstanceOf(DeskError);
      return (error as DeskError).code;
    }
    throw new Error('expected a DeskError');
  }

  describe('assignToColleague', () => {
    it('gives the ticket to a named colleague of its level, with the reason in the timeline', async () => {
      const fiona = await actorOf(database, await addUser(database, { name: 'Fiona', role: 'first_level' }));
      const { ticket } = await newTicket(database);
      expect(ticket.assigneeId).toBe(fiona.id);
      const fred = await addUser(database, { name: 'Fred', role: 'first_level', present: false });
      const sam = await addUser(database, { name: 'Sam', role: 'second_level' });
      await addUser(database, { name: 'Disabled', role: 'first_level', disabled: true });
      expect((await colleaguesFor(database, ticket, 3)).map((colleague) => [colleague.name, colleague.present])).toEqual([
        ['Fiona', true],
        ['Fred', false],
      ]);

      const after = await assignToColleague(database, { ticketId: ticket.id, actor: fiona, colleagueId: fred, reason: 'Fred knows this customer', expectedVersion: ticket.version, config: CONFIG });
      expect(after).toMatchObject({ assigneeId: fred, version: ticket.version + 1 });
      expect((await eventsOf(database, ticket.id)).at(-1)).toMatchObject({ type: 'assigned', actor_id: fiona.id, from_value: String(fiona.id), to_value: String(fred), detail: 'Fred knows this customer' });

      // Not to another level, not without a reason; nothing changes.
      expect(await codeOf(() => assignToColleague(database, { ticketId: ticket.id, actor: fiona, colleagueId: sam, reason: 'r', expectedVersion: after.version, config: CONFIG }))).toBe('invalid');
      expect(await codeOf(() => assignToColleague(database, { ticketId: ticket.id, actor: fiona, colleagueId: fiona.id, reason: '  ', expectedVersion: after.version, config: CONFIG }))).toBe('invalid');
      expect(await getTicket(database, ticket.id)).toMatchObject({ assigneeId: fred, version: after.version });
    });

    it('keeps specialists to colleagues of the ticket’s subject area', async () => {
      const tess = await actorOf(database, await addUser(database, { name: 'Tess', role: 'third_level', areas: ['invoices'] }));
      const banking = await addUser(database, { name: 'Banking', role: 'third_level', areas: ['banking'] });
      const invoices = await addUser(database, { name: 'Ina', role: 'third_level', areas: ['invoices'] });
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 3, assigneeId: tess.id });
      expect(await codeOf(() => assignToColleague(database, { ticketId: ticket.id, actor: tess, colleagueId: banking, reason: 'r', expectedVersion: ticket.version, config: CONFIG }))).toBe('invalid');
      expect((await assignToColleague(database, { ticketId: ticket.id, actor: tess, colleagueId: invoices, reason: 'Holiday', expectedVersion: ticket.version, config: CONFIG })).assigneeId).toBe(invoices);
    });
  });

  describe('takeTicket from a colleague', () => {
    it('records the reason', async () => {
      await addUser(database, { name: 'Fiona', role: 'first_level' });
      const { ticket } = await newTicket(database);
      const fred = await actorOf(database, await addUser(database, { name: 'Fred', role: 'first_level' }));
      const after = await takeTicket(database, { ticketId: ticket.id, actor: fred, reason: 'Fiona is ill', expectedVersion: ticket.version, config: CONFIG });
      expect(after.assigneeId).toBe(fred.id);
      expect((await eventsOf(database, ticket.id)).at(-1)).toMatchObject({ detail: 'taken: Fiona is ill' });
    });
  });

  describe('releaseTicket', () => {
    it.each([3, 2] as const)('lets second level and admins release an away agent’s ticket of any level to the queue (DESK_LEVELS=%i)', async (levels) => {
      const config = { ...CONFIG, levels };
      const fiona = await addUser(database, { name: 'Fiona', role: 'first_level' });
      const second = await actorOf(database, await addUser(database, { name: 'Sam', role: 'second_level' }));
      const admin = await actorOf(database, await addUser(database, { name: 'Ada', role: 'admin' }));
      const first = await actorOf(database, await addUser(database, { name: 'Fred', role: 'first_level', present: false }));
      const one = (await newTicket(database)).ticket;
      const two = (await newTicket(database)).ticket;
      expect([one.assigneeId, two.assigneeId]).toEqual([fiona, fiona]);
      // Fiona is present: nothing to release.
      expect(await codeOf(() => releaseTicket(database, { ticketId: one.id, actor: second, expectedVersion: one.version, config }))).toBe('invalid');
      await database.kysely.updateTable('users').set({ present: 0 }).where('id', '=', fiona).execute();
      // First level may not release, not even their own level's tickets.
      expect(await codeOf(() => releaseTicket(database, { ticketId: one.id, actor: first, expectedVersion: one.version, config }))).toBe('forbidden');
      const released = await releaseTicket(database, { ticketId: one.id, actor: second, reason: 'Fiona is on holiday', expectedVersion: one.version, config });
      expect(released).toMatchObject({ assigneeId: null, version: one.version + 1 });
      expect((await eventsOf(database, one.id)).at(-1)).toMatchObject({ type: 'assigned', actor_id: second.id, from_value: String(fiona), to_value: null, detail: 'released: Fiona is on holiday' });
      expect((await releaseTicket(database, { ticketId: two.id, actor: admin, expectedVersion: two.version, config })).assigneeId).toBeNull();
      expect((await eventsOf(database, two.id)).at(-1)).toMatchObject({ detail: 'released: assignee away' });
    });
  });

  describe('releaseTicket and the distribution', () => {
    it('hands a released ticket to a present colleague with room at once', async () => {
      const away = await addUser(database, { name: 'Away', role: 'first_level', present: false });
      const full = await addUser(database, { name: 'Full', role: 'first_level' });
      const room = await addUser(database, { name: 'Room', role: 'first_level' });
      const second = await actorOf(database, await addUser(database, { name: 'Sam', role: 'second_level' }));
      const config = { ...CONFIG, agentCapacity: 2 };
      for (let i = 0; i < 2; i++) await placeTicket(database, (await newTicket(database)).ticket.id, { assigneeId: full });
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { assigneeId: away });
      const released = await releaseTicket(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config, random: () => 0.999 });
      expect(released.assigneeId).toBe(room);
      expect((await eventsOf(database, ticket.id)).slice(-2).map((event) => [event.type, event.to_value])).toEqual([
        ['assigned', null],
        ['assigned', String(room)],
      ]);
    });
  });
});
