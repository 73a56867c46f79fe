/**
 * The ticket lifecycle: the transition table, walks through it, refused transitions,
 * customer replies, and that every change writes an event and bumps the version.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
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
import { actorOf, addUser, CONFIG, countRows, DAY, deskStaff, eventsOf, expectDeskError, HOUR, newTicket, NOW, openDeskDb } from './fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

const current = (id: number): Ticket => getTicket(db, id)!;

const staff = () => deskStaff(db);

const count = (table: string): number => countRows(db, table);

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

  it('walks new → open → waiting → open → solved → open → solved → closed', () => {
    const { first } = staff();
    const { ticket, token } = newTicket(db);
    let t = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Which version do you use?', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
    expect(t.status).toBe('open');
    t = putOnHold(db, { ticketId: t.id, actor: first, reason: 'needs the version', expectedVersion: t.version, config: CONFIG, now: NOW + HOUR });
    expect(t.status).toBe('waiting');
    t = addCustomerReply(db, { token, body: 'Version 5.2', now: NOW + 2 * HOUR });
    expect(t.status).toBe('open');
    t = solveTicket(db, { ticketId: t.id, actor: first, summary: 'Set the number range in the settings.', expectedVersion: t.version, config: CONFIG, now: NOW + 3 * HOUR });
    expect(t).toMatchObject({ status: 'solved', solvedAt: NOW + 3 * HOUR, solution: 'Set the number range in the settings.' });
    // A plain reply keeps it solved; "No, I still need help" reopens it.
    t = addCustomerReply(db, { token, body: 'Thanks!', now: NOW + 4 * HOUR - 1 });
    expect(t).toMatchObject({ status: 'solved', solvedAt: NOW + 3 * HOUR });
    t = reopenTicket(db, { token, body: 'Still broken.', config: CONFIG, now: NOW + 4 * HOUR });
    expect(t).toMatchObject({ status: 'open', solvedAt: null });
    t = solveTicket(db, { ticketId: t.id, actor: first, articleSlug: 'rechnungsnummern-format', expectedVersion: t.version, config: CONFIG, now: NOW + 5 * HOUR });
    expect(closeSolvedTickets(db, CONFIG, NOW + 5 * HOUR + 7 * DAY - 1)).toBe(0);
    expect(closeSolvedTickets(db, CONFIG, NOW + 5 * HOUR + 7 * DAY)).toBe(1);
    t = current(t.id);
    expect(t).toMatchObject({ status: 'closed', closedAt: NOW + 5 * HOUR + 7 * DAY });
    const statusEvents = eventsOf(db, t.id).filter((event) => event.type === 'status');
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

  it('refuses illegal transitions and changes to closed tickets', () => {
    const { first } = staff();
    const { ticket, token } = newTicket(db);
    const waiting = putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: ticket.version, config: CONFIG });
    expect(expectDeskError(() => putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: waiting.version, config: CONFIG }), 'invalid').message).toMatch(/waiting ticket cannot become waiting/);
    const solved = solveTicket(db, { ticketId: ticket.id, actor: first, summary: 'Done.', expectedVersion: waiting.version, config: CONFIG });
    expectDeskError(() => solveTicket(db, { ticketId: ticket.id, actor: first, summary: 'Again.', expectedVersion: solved.version, config: CONFIG }), 'invalid');
    expectDeskError(() => putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: solved.version, config: CONFIG }), 'invalid');
    expectDeskError(() => escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'x', expectedVersion: solved.version, config: CONFIG }), 'invalid');
    closeSolvedTickets(db, CONFIG, Date.now() + 8 * DAY);
    const closed = current(ticket.id);
    const before = { events: count('ticket_events'), messages: count('ticket_messages'), mails: count('outbox') };
    expect(expectDeskError(() => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Hi', expectedVersion: closed.version, config: CONFIG }), 'closed').message).toMatch(/closed/);
    expectDeskError(() => solveTicket(db, { ticketId: ticket.id, actor: first, summary: 'x', expectedVersion: closed.version, config: CONFIG }), 'closed');
    expectDeskError(() => addNote(db, { ticketId: ticket.id, actor: first, body: 'x', expectedVersion: closed.version, config: CONFIG }), 'closed');
    expectDeskError(() => setPriority(db, { ticketId: ticket.id, actor: first, priority: 'high', expectedVersion: closed.version, config: CONFIG }), 'closed');
    expect(expectDeskError(() => addCustomerReply(db, { token, body: 'Hello?' }), 'closed').message).toMatch(/open a new request/);
    expect({ events: count('ticket_events'), messages: count('ticket_messages'), mails: count('outbox') }).toEqual(before);
    expect(current(ticket.id).version).toBe(closed.version);
  });

  it('keeps a new or open ticket’s status when the customer writes again', () => {
    const { ticket, token } = newTicket(db);
    expect(addCustomerReply(db, { token, body: 'More details' }).status).toBe('new');
    expectDeskError(() => addCustomerReply(db, { token, body: '   ' }), 'invalid');
    expectDeskError(() => addCustomerReply(db, { token: 'not-a-token', body: 'Hello' }), 'not_found');
    expect(current(ticket.id).version).toBe(2);
  });

  it('writes an event and bumps the version and time with every change', () => {
    const { first, second, third } = staff();
    const { ticket, token } = newTicket(db);
    const colleague = actorOf(db, addUser(db, { name: 'Carl Colleague', role: 'first_level' }));
    let version = ticket.version;
    let at = NOW;
    const steps: [string, () => Ticket][] = [
      ['reply', () => replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'Hello', expectedVersion: version, config: CONFIG, now: at })],
      ['note', () => addNote(db, { ticketId: ticket.id, actor: first, body: 'Internal', expectedVersion: version, config: CONFIG, now: at })],
      ['priority', () => setPriority(db, { ticketId: ticket.id, actor: first, priority: 'high', expectedVersion: version, config: CONFIG, now: at })],
      ['link', () => linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'invoices/number-ranges', expectedVersion: version, config: CONFIG, now: at })],
      ['take', () => takeTicket(db, { ticketId: ticket.id, actor: colleague, expectedVersion: version, config: CONFIG, now: at })],
      ['hold', () => putOnHold(db, { ticketId: ticket.id, actor: first, expectedVersion: version, config: CONFIG, now: at })],
      ['customer', () => addCustomerReply(db, { token, body: 'Answer', now: at })],
      ['escalate 1→2', () => escalateTicket(db, { ticketId: ticket.id, actor: first, reason: 'Needs a workaround', expectedVersion: version, config: CONFIG, now: at })],
      ['escalate 2→3', () => escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Undocumented', expectedVersion: version, config: CONFIG, now: at })],
      ['advice', () => addNote(db, { ticketId: ticket.id, actor: third, body: 'Try the repair tool', expectedVersion: version, config: CONFIG, now: at })],
      ['hand back', () => handBackTicket(db, { ticketId: ticket.id, actor: third, guidance: 'Run the repair tool', expectedVersion: version, config: CONFIG, now: at })],
      ['solve', () => solveTicket(db, { ticketId: ticket.id, actor: second, summary: 'Repaired.', expectedVersion: version, config: CONFIG, now: at })],
      ['close', () => (closeSolvedTickets(db, CONFIG, at + 7 * DAY), current(ticket.id))],
    ];
    for (const [name, step] of steps) {
      at += 60_000;
      const eventsBefore = count('ticket_events');
      const result = step();
      expect(result.version, name).toBe(version + 1);
      expect(eventsOf(db, ticket.id).filter((event) => event.version === result.version).length, name).toBeGreaterThan(0);
      expect(count('ticket_events'), name).toBeGreaterThan(eventsBefore);
      expect(result.updatedAt, name).toBe(name === 'close' ? at + 7 * DAY : at);
      version = result.version;
    }
    expect(eventsOf(db, ticket.id).map((event) => event.type)).toEqual([
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

  it('changes nothing (no version, no event) for a repeated link or taking one’s own ticket', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    expect(ticket.assigneeId).toBe(first.id);
    const linked = linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: ticket.version, config: CONFIG });
    const events = count('ticket_events');
    expect(linkArticle(db, { ticketId: ticket.id, actor: first, articleSlug: 'reset-password', expectedVersion: linked.version, config: CONFIG }).version).toBe(linked.version);
    expect(takeTicket(db, { ticketId: ticket.id, actor: first, expectedVersion: linked.version, config: CONFIG }).version).toBe(linked.version);
    expect(setPriority(db, { ticketId: ticket.id, actor: first, priority: 'normal', expectedVersion: linked.version, config: CONFIG }).version).toBe(linked.version);
    expect(count('ticket_events')).toBe(events);
  });
});
