/**
 * The desk's role table and reach rule as the commands enforce them: role × action, own
 * level, specialists' areas, admins everywhere.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addTicketTag } from '../../../src/lib/server/desk/ticket-tags.ts';
import { ANY_LEVEL_ACTIONS, canAct, STAFF_ACTIONS, type StaffAction } from '../../../src/lib/server/desk/permissions.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { linkArticle } from '../../../src/lib/server/desk/link-article.ts';
import { putOnHold } from '../../../src/lib/server/desk/put-on-hold.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { setCategory } from '../../../src/lib/server/desk/set-category.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { assignToColleague, releaseTicket } from '../../../src/lib/server/desk/reassign-ticket.ts';
import type { Actor, Ticket } from '../../../src/lib/server/desk/types.ts';
import { consultSpecialist } from '../../../src/lib/server/desk/consult-specialist.ts';
import { adviseConsultation } from '../../../src/lib/server/desk/advise-consultation.ts';
import { acceptAdvice } from '../../../src/lib/server/desk/accept-advice.ts';
import { mergeTickets } from '../../../src/lib/server/desk/merge-tickets.ts';
import { relateTickets } from '../../../src/lib/server/desk/relate-tickets.ts';
import type { Role } from '../../../src/lib/server/accounts/roles.ts';
import { actorOf, addUser, CONFIG, NOW, countRows, deskStaff, expectDeskError, newTicket, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('permissions on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const current = async (id: number): Promise<Ticket> => (await getTicket(database, id))!;

  const staff = () => deskStaff(database);

  const count = async (table: string): Promise<number> => await countRows(database, table);

  describe('permissions', () => {
    const ROLES: Role[] = ['first_level', 'second_level', 'third_level', 'admin'];
    /** What each role may do on a ticket of its own level (admin: a level-2 ticket). */
    const ALLOWED: Record<Role, StaffAction[]> = {
      first_level: ['reply', 'note', 'setPriority', 'setCategory', 'solve', 'putOnHold', 'escalate', 'take', 'linkArticle', 'assign', 'merge', 'relate', 'tag'],
      second_level: ['reply', 'note', 'setPriority', 'setCategory', 'solve', 'putOnHold', 'escalate', 'handBack', 'take', 'linkArticle', 'assign', 'release', 'consult', 'acceptAdvice', 'merge', 'relate', 'tag'],
      third_level: ['note', 'handBack', 'take', 'assign', 'advise', 'relate', 'tag'],
      admin: [...STAFF_ACTIONS],
    };
    const HOME_LEVEL: Record<Role, 1 | 2 | 3> = { first_level: 1, second_level: 2, third_level: 3, admin: 2 };

    /** Performs an action with valid input. */
    async function perform(action: StaffAction, ticketId: number, actor: Actor, version: number, otherReference = 'T-2026-999999'): Promise<Ticket> {
      switch (action) {
        case 'reply':
          return await replyToCustomer(database, { ticketId, actor, body: 'Reply', expectedVersion: version, config: CONFIG });
        case 'note':
          return await addNote(database, { ticketId, actor, body: 'Note', expectedVersion: version, config: CONFIG });
        case 'setCategory':
          return await setCategory(database, { ticketId, actor, category: 'import', expectedVersion: version, config: CONFIG });
        case 'setPriority':
          return await setPriority(database, { ticketId, actor, priority: 'high', expectedVersion: version, config: CONFIG });
        case 'solve':
          return await solveTicket(database, { ticketId, actor, summary: 'Solved', expectedVersion: version, config: CONFIG });
        case 'putOnHold':
          return await putOnHold(database, { ticketId, actor, expectedVersion: version, config: CONFIG });
        case 'escalate':
          return await escalateTicket(database, { ticketId, actor, reason: 'Reason', expectedVersion: version, config: CONFIG });
        case 'handBack':
          return await handBackTicket(database, { ticketId, actor, guidance: 'Guidance', expectedVersion: version, config: CONFIG });
        case 'take':
          return await takeTicket(database, { ticketId, actor, expectedVersion: version, config: CONFIG });
        case 'linkArticle':
          return await linkArticle(database, { ticketId, actor, articleSlug: 'reset-password', expectedVersion: version, config: CONFIG });
        case 'assign': {
          const level = (await getTicket(database, ticketId))!.level;
          const colleagueRole = (['first_level', 'second_level', 'third_level'] as const)[level - 1];
          const colleague = await addUser(database, { name: `Colleague ${ticketId}`, role: colleagueRole, areas: level === 3 ? ['invoices'] : [] });
          return await assignToColleague(database, { ticketId, actor, colleagueId: colleague, reason: 'Knows this customer', expectedVersion: version, config: CONFIG });
        }
        case 'release':
          return await releaseTicket(database, { ticketId, actor, expectedVersion: version, config: CONFIG });
        case 'tag':
          return await addTicketTag(database, { ticketId, actor, tag: 'vip', expectedVersion: version, config: CONFIG });
        case 'consult':
          return await consultSpecialist(database, { ticketId, actor, question: 'Question', expectedVersion: version, config: CONFIG });
        case 'advise':
        case 'acceptAdvice':
          await database.kysely.insertInto('ticket_consultations').values({ ticket_id: ticketId, area: 'invoices', question: 'Question', asked_at: NOW, status: action === 'advise' ? 'open' : 'advised' }).execute();
          return action === 'advise'
            ? await adviseConsultation(database, { ticketId, actor, advice: 'Advice', expectedVersion: version, config: CONFIG })
            : await acceptAdvice(database, { ticketId, actor, expectedVersion: version, config: CONFIG });
        case 'merge':
          return await mergeTickets(database, { ticketId, actor, intoReference: otherReference, expectedVersion: version, config: CONFIG });
        case 'relate':
          return await relateTickets(database, { ticketId, actor, otherReference, expectedVersion: version, config: CONFIG });
      }
    }

    const table = ROLES.flatMap((role) => STAFF_ACTIONS.map((action) => [role, action, ALLOWED[role].includes(action)] as const));

    it.each(table)('%s × %s → allowed: %s', async (role, action, allowed) => {
      // Away, so that the new ticket is not already theirs (taking it would change nothing).
      const actor = await actorOf(database, await addUser(database, { name: 'Actor', role, present: false, areas: role === 'third_level' ? ['invoices'] : [] }));
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: HOME_LEVEL[role] });
      // Merging and relating need a second ticket of the same customer.
      const other = (await newTicket(database)).ticket.reference;
      if (action === 'release') {
        // Releasing needs an away assignee of the ticket's level.
        const awayRole = (['first_level', 'second_level', 'third_level'] as const)[HOME_LEVEL[role] - 1];
        await placeTicket(database, ticket.id, { assigneeId: await addUser(database, { name: 'Away Agent', role: awayRole, present: false, areas: awayRole === 'third_level' ? ['invoices'] : [] }) });
      }
      expect(canAct(actor, action, { level: HOME_LEVEL[role], category: 'invoices' })).toBe(allowed);
      if (allowed) {
        expect((await perform(action, ticket.id, actor, ticket.version, other)).version).toBe(ticket.version + 1);
      } else {
        const before = await count('ticket_events');
        await expectDeskError(() => perform(action, ticket.id, actor, ticket.version, other), 'forbidden');
        expect(await count('ticket_events')).toBe(before);
      }
    });

    it('keeps staff on tickets of their own level, and specialists within their areas', async () => {
      const cases: [Role, 1 | 2 | 3, string[]][] = [
        ['first_level', 2, []],
        ['first_level', 3, []],
        ['second_level', 1, []],
        ['second_level', 3, []],
        ['third_level', 2, ['invoices']],
        ['third_level', 1, ['invoices']],
        ['third_level', 3, ['banking']],
      ];
      for (const [role, level, areas] of cases) {
        const actor = await actorOf(database, await addUser(database, { name: `${role} ${level} ${areas}`, role, areas }));
        for (const action of STAFF_ACTIONS) {
          const { ticket } = await newTicket(database);
          await placeTicket(database, ticket.id, { level });
          if (ANY_LEVEL_ACTIONS[action] && ALLOWED[role].includes(action)) {
            // Releasing an away agent's ticket is second level's job on every level.
            expect(canAct(actor, action, { level, category: 'invoices' })).toBe(true);
            continue;
          }
          expect(canAct(actor, action, { level, category: 'invoices' }), `${role} ${action} at ${level}`).toBe(false);
          const error = await expectDeskError(() => perform(action, ticket.id, actor, ticket.version), 'forbidden');
          if (ALLOWED[role].includes(action)) expect(error.message).toMatch(/level|subject areas/);
        }
      }
    });

    it('lets admins act on tickets of every level, replies at level 3 included', async () => {
      const { admin } = await staff();
      for (const level of [1, 2, 3] as const) {
        const { ticket } = await newTicket(database, { category: 'payroll' });
        await placeTicket(database, ticket.id, { level });
        expect((await replyToCustomer(database, { ticketId: ticket.id, actor: admin, body: `Reply at ${level}`, expectedVersion: ticket.version, config: CONFIG })).version).toBe(ticket.version + 1);
      }
    });

    it('never lets third level write to the customer', async () => {
      const { third, second } = await staff();
      const { ticket } = await newTicket(database);
      await escalateTicket(database, { ticketId: ticket.id, actor: await actorOf(database, ticket.assigneeId!), reason: 'r', expectedVersion: ticket.version, config: CONFIG });
      const atThree = await escalateTicket(database, { ticketId: ticket.id, actor: second, reason: 'r', expectedVersion: (await current(ticket.id)).version, config: CONFIG });
      expect(atThree).toMatchObject({ level: 3, assigneeId: third.id });
      const mails = await count('outbox');
      for (const version of [atThree.version, atThree.version - 1, 0]) {
        const error = await expectDeskError(() => replyToCustomer(database, { ticketId: ticket.id, actor: third, body: 'Dear customer', expectedVersion: version, config: CONFIG }), 'forbidden');
        expect(error.message).toMatch(/do not write to the customer/);
      }
      expect(await database.kysely.selectFrom('ticket_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'reply').executeTakeFirst()).toEqual({ n: 0 });
      expect(await count('outbox')).toBe(mails);
      expect(canAct(third, 'reply', { level: 3, category: 'invoices' })).toBe(false);
    });

    it('lets nobody but admins hand back from level 1, and nobody escalate beyond level 3', async () => {
      const { admin } = await staff();
      const { ticket } = await newTicket(database);
      await expectDeskError(() => handBackTicket(database, { ticketId: ticket.id, actor: admin, guidance: 'g', expectedVersion: ticket.version, config: CONFIG }), 'invalid');
      await placeTicket(database, ticket.id, { level: 3 });
      expect((await expectDeskError(() => escalateTicket(database, { ticketId: ticket.id, actor: admin, reason: 'r', expectedVersion: ticket.version, config: CONFIG }), 'invalid')).message).toMatch(/highest level/);
    });
  });
});
