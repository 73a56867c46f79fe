/**
 * `staffChange`: version conflicts (refused with what changed since) and unknown tickets.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { actorOf, addUser, CONFIG, countRows, deskStaff, expectDeskError, newTicket, NOW } from './fixture.ts';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('staff-change on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  const count = async (table: string): Promise<number> => await countRows(database, table);

  describe('version conflicts', () => {
    it('refuses an action against an older version and returns what changed since', async () => {
      const { first, admin } = await staff();
      const { ticket } = await newTicket(database);
      const seen = ticket.version;
      await replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'First answer', expectedVersion: seen, config: CONFIG, now: NOW + 1000 });
      await setPriority(database, { ticketId: ticket.id, actor: admin, priority: 'urgent', expectedVersion: seen + 1, config: CONFIG, now: NOW + 2000 });
      const before = { events: await count('ticket_events'), messages: await count('ticket_messages') };

      const error = await expectDeskError(() => addNote(database, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: seen, config: CONFIG, now: NOW + 3000 }), 'conflict');
      expect(error.message).toMatch(/changed by someone else/);
      expect(error.currentVersion).toBe(seen + 2);
      expect(error.changes.map((entry) => (entry.entry === 'message' ? `message:${entry.kind}:${entry.body}` : `event:${entry.type}:${entry.to}`))).toEqual([
        'message:reply:First answer',
        'event:status:open',
        'event:priority:urgent',
      ]);
      expect(error.changes.find((entry) => entry.entry === 'message')).toMatchObject({ authorName: 'Fiona First', authorRole: 'first_level' });
      expect(error.changes.find((entry) => entry.entry === 'event' && entry.type === 'priority')).toMatchObject({ actorName: 'Ada Admin', from: 'normal' });
      expect({ events: await count('ticket_events'), messages: await count('ticket_messages') }).toEqual(before);

      // Only what came after the version the caller saw.
      const later = await expectDeskError(() => addNote(database, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: seen + 1, config: CONFIG }), 'conflict');
      expect(later.changes.map((entry) => (entry.entry === 'event' ? entry.type : entry.kind))).toEqual(['priority']);

      // Submitting again against the current version works.
      expect((await addNote(database, { ticketId: ticket.id, actor: admin, body: 'My note', expectedVersion: error.currentVersion!, config: CONFIG })).version).toBe(seen + 3);
    });

    it('lets only one of two agents acting on the same version win', async () => {
      const { first } = await staff();
      const other = await actorOf(database, await addUser(database, { name: 'Otto Other', role: 'first_level' }));
      const { ticket } = await newTicket(database);
      await replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'Answer A', expectedVersion: ticket.version, config: CONFIG });
      const error = await expectDeskError(() => replyToCustomer(database, { ticketId: ticket.id, actor: other, body: 'Answer B', expectedVersion: ticket.version, config: CONFIG }), 'conflict');
      expect(error.changes.some((entry) => entry.entry === 'message' && entry.body === 'Answer A')).toBe(true);
      expect((await listOutbox(database)).filter((mail) => mail.body.includes('Answer B'))).toEqual([]);
    });

    it('reports a conflict for a version from the future too, with no changes', async () => {
      const { first } = await staff();
      const { ticket } = await newTicket(database);
      const error = await expectDeskError(() => addNote(database, { ticketId: ticket.id, actor: first, body: 'x', expectedVersion: ticket.version + 5, config: CONFIG }), 'conflict');
      expect(error.changes).toEqual([]);
      expect(error.currentVersion).toBe(ticket.version);
    });

    it('refuses unknown tickets', async () => {
      const { first } = await staff();
      await expectDeskError(() => addNote(database, { ticketId: 99_999_999, actor: first, body: 'x', expectedVersion: 1, config: CONFIG }), 'not_found');
    });
  });

  describe('two instances at once', () => {
    // PostgreSQL: two pools (two "instances") send the same command against the same version at
    // the same moment; the ticket row is locked while one checks and writes. SQLite: the one
    // connection serialises them (BEGIN IMMEDIATE); the outcome must be the same.
    it('lets exactly one of two simultaneous changes at the same version win; the other gets a conflict and writes nothing', { timeout: 60_000 }, async () => {
      const { first } = await staff();
      const other = await actorOf(database, await addUser(database, { name: 'Otto Other', role: 'first_level' }));
      const instances: Database[] = engine === 'postgres' ? [postgresDatabase(env.current.url!, { max: 5 }), postgresDatabase(env.current.url!, { max: 5 })] : [database, database];
      try {
        for (let round = 0; round < 10; round++) {
          const { ticket } = await newTicket(database, { subject: `Round ${round}` });
          const mails = await count('outbox');
          const results = await Promise.allSettled([
            replyToCustomer(instances[0]!, { ticketId: ticket.id, actor: first, body: `Answer A${round}`, expectedVersion: ticket.version, config: CONFIG }),
            replyToCustomer(instances[1]!, { ticketId: ticket.id, actor: other, body: `Answer B${round}`, expectedVersion: ticket.version, config: CONFIG }),
          ]);
          const won = results.filter((result) => result.status === 'fulfilled');
          const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
          expect(won, `round ${round}`).toHaveLength(1);
          expect(lost, `round ${round}`).toHaveLength(1);
          expect(lost[0]!.reason, `round ${round}`).toMatchObject({ code: 'conflict', currentVersion: ticket.version + 1 });
          expect((won[0] as PromiseFulfilledResult<Ticket>).value.version).toBe(ticket.version + 1);
          const replies = await database.kysely.selectFrom('ticket_messages').select('body').where('ticket_id', '=', ticket.id).where('kind', '=', 'reply').execute();
          expect(replies, `round ${round}`).toHaveLength(1);
          expect(await count('outbox'), `round ${round}`).toBe(mails + 1);
          expect((await getTicket(database, ticket.id))!.version).toBe(ticket.version + 1);
        }
      } finally {
        if (engine === 'postgres') await Promise.all(instances.map((instance) => instance.close()));
      }
    });
  });
});
