/**
 * The ticket lifecycle: the transition table, walks through it, refused transitions,
 * customer replies, and that every change writes an event and bumps the version.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { canTransition, TICKET_STATUSES, TRANSITIONS, type TicketStatus } from '../../../src/lib/server/desk/vocabulary.ts';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { reopenTicket } from '../../../src/lib/server/desk/reopen-ticket.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { closeSolvedTickets } from '../../../src/lib/server/desk/close-solved-tickets.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { linkArticle } from '../../../src/lib/server/desk/link-article.ts';
import { putOnHold } from '../../../src/lib/server/desk/put-on-hold.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { actorOf, addUser, CONFIG, countRows, DAY, deskStaff, eventsOf, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('lifecycle on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const current = async (id: number): Promise<Ticket> => (await getTicket(database, id))!;

  const staff = () => deskStaff(database);

  const count = async (table: string): Promise<number> => await countRows(database, table);

  describe('lifecycle', () => {
    it('has exactly this transition table', () => {
      expect(TRANSITIONS).toEqual({
        new: ['open', 'waiting', 'solved'],
        open: ['waiting', 'solved'],
        waiting: ['open', 'solved'],
        solved: ['open', 'closed'],
        closed: [],
      });
      const allowed = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
      expect(allowed).toEqual(['new→open', 'new→waiting', 'new→solved', 'open→waiting', 'open→solved', 'waiting→open', 'waiting→solved', 'solved→open', 'solved→closed']);
      for (const status of TICKET_STATUSES) expect(canTransition(status, status)).toBe(false);
    });

    it('walks new → open → waiting → open → solved → open → solved → closed', async () => {
      const { first } = await staff();
      const { ticket, token } = await newTicket(database);
      let t = await replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'Which version do you use?', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
      expect(t.status).toBe('open');
      t = await putOnHold(database, { ticketId: t.id, actor: first, reason: 'needs the version', expectedVersion: t.version, config: CONFIG, now: NOW + HOUR });
      expect(t.status).toBe('waiting');
      t = await addCustomerReply(database, { token, body: 'Version 5.2', now: NOW + 2 * HOUR });
      expect(t.status).toBe('open');
      t = await solveTicket(database, { ticketId: t.id, actor: first, summary: 'Set the number range in the settings.', expectedVersion: t.version, config: CONFIG, now: NOW + 3 * HOUR });
      expect(t).toMatchObject({ status: 'solved', solvedAt: NOW + 3 * HOUR, solution: 'Set the number range in the settings.' });
      // A plain reply keeps it solved; "No, I still need help" reopens it.
      t = await addCustomerReply(database, { token, body: 'Thanks!', now: NOW + 4 * HOUR - 1 });
      expect(t).toMatchObject({ status: 'solved', solvedAt: NOW + 3 * HOUR });
      t = await reopenTicket(database, { token, body: 'Still broken.', config: CONFIG, now: NOW + 4 * HOUR });
      expect(t).toMatchObject({ status: 'open', solvedAt: null });
      t = await solveTicket(database, { ticketId: t.id, actor: first, articleSlug: 'rechnungsnummern-format', expectedVersion: t.version, config: CONFIG, now: NOW + 5 * HOUR });
      expect(await closeSolvedTickets(database, CONFIG, NOW + 5 * HOUR + 7 * DAY - 1)).toBe(0);
      expect(await closeSolvedTickets(database, CONFIG, NOW + 5 * HOUR + 7 * DAY)).toBe(1);
      t = await current(t.id);
      expect(t).toMatchObject({ status: 'closed', closedAt: NOW + 5 * HOUR + 7 * DAY });
      const statusEvents = (await eventsOf(database, t.id)).filter((event) => event.type === 'status');
      expect(statusEvents.map((event) => `${event.from_value}→${event.to_value}`)).toEqual([
        'new→open',
        'open→waiting',
        'waiting→open',
        'open→solved',
        'solved→open',
        'open→solved',
        'solved→closed',
      ]);
      expect(statusEvents.at(-1)).toMatchObject({ actor_id: null, detail: 'closed automatically 7 days after it was solved' });
      expect(statusEvents.every((event) => canTransition(event.from_value as TicketStatus, event.to_value as TicketStatus))).toBe(true);
    });

    it('refuses illegal transitions and changes to closed tickets', async () => {
      const { first } = await staff();
      const { ticket, token } = await newTicket(database);
      const waiting = await putOnHold(database, { ticketId: ticket.id, actor: first, expectedVersion: ticket.version, config: CONFIG });
      expect((await expectDeskError(() => putOnHold(database, { ticketId: ticket.id, actor: first, expectedVersion: waiting.version, config: CONFIG }), 'invalid')).message).toMatch(/waiting ticket cannot become waiting/);
      const solved = await solveTicket(database, { ticketId: ticket.id, actor: first, summary: 'Done.', expectedVersion: waiting.version, config: CONFIG });
      await expectDeskError(() => solveTicket(database, { ticketId: ticket.id, actor: first, summary: 'Again.', expectedVersion: solved.version, config: CONFIG }), 'invalid');
      await expectDeskError(() => putOnHold(database, { ticketId: ticket.id, actor: first, expectedVersion: solved.version, config: CONFIG }), 'invalid');
      await expectDeskError(() => escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'x', expectedVersion: solved.version, config: CONFIG }), 'invalid');
      await closeSolvedTickets(database, CONFIG, Date.now() + 8 * DAY);
      const closed = await current(ticket.id);
      const before = { events: await count('ticket_events'), messages: await count('ticket_messages'), mails: await count('outbox') };
      expect((await expectDeskError(() => replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'Hi', expectedVersion: closed.version, config: CONFIG }), 'closed')).message).toMatch(/closed/);
      await expectDeskError(() => solveTicket(database, { ticketId: ticket.id, actor: first, summary: 'x', expectedVersion: closed.version, config: CONFIG }), 'closed');
      await expectDeskError(() => addNote(database, { ticketId: ticket.id, actor: first, body: 'x', expectedVersion: closed.version, config: CONFIG }), 'closed');
      await expectDeskError(() => setPriority(database, { ticketId: ticket.id, actor: first, priority: 'high', expectedVersion: closed.version, config: CONFIG }), 'closed');
      expect((await expectDeskError(() => addCustomerReply(database, { token, body: 'Hello?' }), 'closed')).message).toMatch(/open a new request/);
      expect({ events: await count('ticket_events'), messages: await count('ticket_messages'), mails: await count('outbox') }).toEqual(before);
      expect((await current(ticket.id)).version).toBe(closed.version);
    });

    it('keeps a new or open ticket’s status when the customer writes again', async () => {
      const { ticket, token } = await newTicket(database);
      expect((await addCustomerReply(database, { token, body: 'More details' })).status).toBe('new');
      await expectDeskError(() => addCustomerReply(database, { token, body: '   ' }), 'invalid');
      await expectDeskError(() => addCustomerReply(database, { token: 'not-a-token', body: 'Hello' }), 'not_found');
      expect((await current(ticket.id)).version).toBe(2);
    });

    it('writes an event and bumps the version and time with every change', async () => {
      const { first, second, third } = await staff();
      const { ticket, token } = await newTicket(database);
      const colleague = await actorOf(database, await addUser(database, { name: 'Carl Colleague', role: 'first_level' }));
      let version = ticket.version;
      let at = NOW;
      const steps: [string, () => Promise<Ticket>][] = [
        ['reply', () => replyToCustomer(database, { ticketId: ticket.id, actor: first, body: 'Hello', expectedVersion: version, config: CONFIG, now: at })],
        ['note', () => addNote(database, { ticketId: ticket.id, actor: first, body: 'Internal', expectedVersion: version, config: CONFIG, now: at })],
        ['priority', () => setPriority(database, { ticketId: ticket.id, actor: first, priority: 'high', expectedVersion: version, config: CONFIG, now: at })],
        ['link', () => linkArticle(database, { ticketId: ticket.id, actor: first, articleSlug: 'invoices/number-ranges', expectedVersion: version, config: CONFIG, now: at })],
        ['take', () => takeTicket(database, { ticketId: ticket.id, actor: colleague, expectedVersion: version, config: CONFIG, now: at })],
        ['hold', () => putOnHold(database, { ticketId: ticket.id, actor: first, expectedVersion: version, config: CONFIG, now: at })],
        ['customer', () => addCustomerReply(database, { token, body: 'Answer', now: at })],
        ['escalate 1→2', () => escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Needs a workaround', expectedVersion: version, config: CONFIG, now: at })],
        ['escalate 2→3', () => escalateTicket(database, { ticketId: ticket.id, actor: second, reason: 'Undocumented', expectedVersion: version, config: CONFIG, now: at })],
        ['advice', () => addNote(database, { ticketId: ticket.id, actor: third, body: 'Try the repair tool', expectedVersion: version, config: CONFIG, now: at })],
        ['hand back', () => handBackTicket(database, { ticketId: ticket.id, actor: third, guidance: 'Run the repair tool', expectedVersion: version, config: CONFIG, now: at })],
        ['solve', () => solveTicket(database, { ticketId: ticket.id, actor: second, summary: 'Repaired.', expectedVersion: version, config: CONFIG, now: at })],
        ['close', async () => (await closeSolvedTickets(database, CONFIG, at + 7 * DAY), await current(ticket.id))],
      ];
      for (const [name, step] of steps) {
        at += 60_000;
        const eventsBefore = await count('ticket_events');
        const result = await step();
        expect(result.version, name).toBe(version + 1);
        expect((await eventsOf(database, ticket.id)).filter((event) => event.version === result.version).length, name).toBeGreaterThan(0);
        expect(await count('ticket_events'), name).toBeGreaterThan(eventsBefore);
        expect(result.updatedAt, name).toBe(name === 'close' ? at + 7 * DAY : at);
        version = result.version;
      }
      expect((await eventsOf(database, ticket.id)).map((event) => event.type)).toEqual([
        'created',
        'assigned',
        'reply',
        'status',
        'note',
        'priority', // no first_response_due: the customer already had a reply
        'article_linked',
        'assigned',
        'status',
        'customer_reply',
        'status',
        'assigned',
        'escalated',
        'assigned',
        'assigned',
        'escalated',
        'assigned',
        'advice',
        'assigned',
        'handed_back',
        'assigned',
        'status',
        'status',
      ]);
    });

    it('changes nothing (no version, no event) for a repeated link or taking one’s own ticket', async () => {
      const { first } = await staff();
      const { ticket } = await newTicket(database);
      expect(ticket.assigneeId).toBe(first.id);
      const linked = await linkArticle(database, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: ticket.version, config: CONFIG });
      const events = await count('ticket_events');
      expect((await linkArticle(database, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: linked.version, config: CONFIG })).version).toBe(linked.version);
      expect((await takeTicket(database, { ticketId: ticket.id, actor: first, expectedVersion: linked.version, config: CONFIG })).version).toBe(linked.version);
      expect((await setPriority(database, { ticketId: ticket.id, actor: first, priority: 'normal', expectedVersion: linked.version, config: CONFIG })).version).toBe(linked.version);
      expect(await count('ticket_events')).toBe(events);
    });
  });
});
