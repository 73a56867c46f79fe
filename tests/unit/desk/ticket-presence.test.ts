/**
 * The collision warning's data: a heartbeat makes an agent present on a ticket for the TTL,
 * others see them (never themselves), typing shows as "replying", leaving or expiry removes
 * them, and the sentences come in the reader's language.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { leavePresence, markPresence, othersOnTicket, PRESENCE_TTL_MS } from '../../../src/lib/server/desk/ticket-presence.ts';
import { presenceLines } from '../../../src/lib/server/desk/presence-lines.ts';
import { addUser, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('ticket-presence on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('ticket presence', () => {
    it('shows each agent to the others, not to themself, replying first', async () => {
      const mara = await addUser(database, { name: 'Mara', role: 'first_level' });
      const olaf = await addUser(database, { name: 'Olaf', role: 'first_level' });
      const zoe = await addUser(database, { name: 'Zoe', role: 'second_level' });
      const { ticket } = await newTicket(database, {}, NOW, () => 0);
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW });
      await markPresence(database, { userId: zoe, ticketId: ticket.id, state: 'replying', now: NOW });
      expect(await othersOnTicket(database, ticket.id, olaf, NOW + 1)).toEqual([
        { userId: zoe, name: 'Zoe', state: 'replying' },
        { userId: mara, name: 'Mara', state: 'viewing' },
      ]);
      expect((await othersOnTicket(database, ticket.id, mara, NOW + 1)).map((p) => p.name)).toEqual(['Zoe']);
    });

    it('renews on each heartbeat and expires without one; leaving removes at once', async () => {
      const mara = await addUser(database, { name: 'Mara', role: 'first_level' });
      const olaf = await addUser(database, { name: 'Olaf', role: 'first_level' });
      const { ticket } = await newTicket(database, {}, NOW, () => 0);
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW });
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'replying', now: NOW + 5_000 });
      expect(await othersOnTicket(database, ticket.id, olaf, NOW + PRESENCE_TTL_MS + 1)).toEqual([{ userId: mara, name: 'Mara', state: 'replying' }]);
      expect(await othersOnTicket(database, ticket.id, olaf, NOW + 5_000 + PRESENCE_TTL_MS)).toEqual([]);
      // An expired row is swept by the next heartbeat of anyone.
      await markPresence(database, { userId: olaf, ticketId: ticket.id, state: 'viewing', now: NOW + 60_000 });
      expect(await database.kysely.selectFrom('ticket_presence').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', mara).executeTakeFirst()).toEqual({ n: 0 });
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW + 61_000, page: 'p1' });
      await leavePresence(database, mara, ticket.id, 'p1');
      expect(await othersOnTicket(database, ticket.id, olaf, NOW + 61_001)).toEqual([]);
    });

    it('says it in the reader’s language', async () => {
      const mara = await addUser(database, { name: 'Mara', role: 'first_level' });
      const olaf = await addUser(database, { name: 'Olaf', role: 'first_level' });
      const { ticket } = await newTicket(database, {}, NOW, () => 0);
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'replying', now: NOW });
      expect((await presenceLines(database, ticket.id, olaf, NOW, 'en'))[0]?.text).toBe('Mara is replying');
      expect((await presenceLines(database, ticket.id, olaf, NOW, 'de'))[0]?.text).toBe('Mara schreibt eine Antwort');
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW });
      expect((await presenceLines(database, ticket.id, olaf, NOW, 'en'))[0]?.text).toBe('Mara is viewing');
      expect((await presenceLines(database, ticket.id, olaf, NOW, 'de'))[0]?.text).toBe('Mara sieht sich das Ticket an');
    });
  });

  describe('leaving', () => {
    it('ignores the late goodbye of a page that a reload already replaced', async () => {
      const mara = await addUser(database, { name: 'Mara', role: 'first_level' });
      const olaf = await addUser(database, { name: 'Olaf', role: 'first_level' });
      const { ticket } = await newTicket(database, {}, NOW, () => 0);
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW, page: 'first' });
      await markPresence(database, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW + 100, page: 'second' });
      await leavePresence(database, mara, ticket.id, 'first');
      expect((await othersOnTicket(database, ticket.id, olaf, NOW + 200)).map((p) => p.name)).toEqual(['Mara']);
      await leavePresence(database, mara, ticket.id, 'second');
      expect(await othersOnTicket(database, ticket.id, olaf, NOW + 200)).toEqual([]);
    });
  });
});
