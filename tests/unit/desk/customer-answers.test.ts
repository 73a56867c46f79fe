/**
 * The customer's answers after a solution — confirm solved, still need help, the rating, a
 * "thank you" that keeps the ticket solved — through the status token and the solution
 * e-mail's own secret; and the due-time clocks that pause while the ticket waits on the
 * customer, in business hours.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { parseBusinessHours, localInstant } from '../../../src/lib/server/desk/business-hours.ts';
import { confirmSolved } from '../../../src/lib/server/desk/confirm-solved.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import { findTicketForFeedback } from '../../../src/lib/server/desk/feedback-links.ts';
import { putOnHold } from '../../../src/lib/server/desk/put-on-hold.ts';
import { getRating, rateTicket } from '../../../src/lib/server/desk/rate-ticket.ts';
import { reopenTicket } from '../../../src/lib/server/desk/reopen-ticket.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { findTicketByToken, getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { isOverdue } from '../../../src/lib/server/desk/queues.ts';
import { CONFIG, deskStaff, eventsOf, expectDeskError, HOUR, newTicket, NOW, ticketForm } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('customer-answers on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  /** A solved ticket; returns its status token and the secret of the solution mail's links. */
  async function solved(): Promise<{ id: number; token: string; answer: string }> {
    const { first } = await deskStaff(database);
    const { ticket, token } = await newTicket(database);
    await solveTicket(database, { ticketId: ticket.id, actor: first, summary: 'Reset the number range.', expectedVersion: ticket.version, config: CONFIG, now: NOW + HOUR });
    const mail = (await listOutbox(database)).find((entry) => entry.ticketId === ticket.id && /solved|gelöst/.test(entry.subject))!;
    const answer = /\/tickets\/answer\/([A-Za-z0-9_-]{43})\?a=solved/.exec(mail.body)![1];
    return { id: ticket.id, token, answer };
  }

  describe('confirm solved', () => {
    it('closes a solved ticket by the mail link’s secret; a second click changes nothing', async () => {
      const { id, answer } = await solved();
      expect(await findTicketByToken(database, answer)).toBeNull(); // the mail's secret never opens the status page
      expect((await findTicketForFeedback(database, answer))?.id).toBe(id);
      const closed = await confirmSolved(database, { token: answer, now: NOW + 2 * HOUR });
      expect(closed).toMatchObject({ status: 'closed', closedAt: NOW + 2 * HOUR });
      expect((await eventsOf(database, id)).at(-1)).toMatchObject({ type: 'status', from_value: 'solved', to_value: 'closed', actor_id: null, detail: 'confirmed solved by the customer' });
      expect((await confirmSolved(database, { token: answer })).version).toBe(closed.version);
    });

    it('refuses a ticket that is not solved, and a wrong token', async () => {
      const { token } = await newTicket(database);
      expect((await expectDeskError(() => confirmSolved(database, { token }), 'invalid')).key).toBe('answer.error.notSolved');
      await expectDeskError(() => confirmSolved(database, { token: 'x'.repeat(43) }), 'not_found');
    });
  });

  describe('a reply on a solved ticket', () => {
    it('is added to the timeline and the ticket stays solved', async () => {
      const { id, token } = await solved();
      const after = await addCustomerReply(database, { token, body: 'Thank you, works now!', config: CONFIG, now: NOW + 2 * HOUR });
      expect(after).toMatchObject({ status: 'solved', solvedAt: NOW + HOUR });
      expect((await eventsOf(database, id)).at(-1)).toMatchObject({ type: 'customer_reply', detail: 'stays solved' });
    });

    it('"No, I still need help" reopens it with the message', async () => {
      const { id, answer } = await solved();
      await expectDeskError(() => reopenTicket(database, { token: answer, body: '  ', config: CONFIG }), 'invalid');
      const reopened = await reopenTicket(database, { token: answer, body: 'Still the old numbers.', config: CONFIG, now: NOW + 2 * HOUR });
      expect(reopened).toMatchObject({ status: 'open', solvedAt: null });
      expect((await eventsOf(database, id)).at(-1)).toMatchObject({ type: 'status', from_value: 'solved', to_value: 'open', detail: 'the customer still needs help' });
      expect((await getTicket(database, id))!.status).toBe('open');
    });
  });

  describe('rating', () => {
    it('records good or bad with a comment, keeps level and owner, and replaces an earlier one', async () => {
      const { id, token, answer } = await solved();
      const owner = (await getTicket(database, id))!.assigneeId;
      await rateTicket(database, { token: answer, rating: 'bad', now: NOW + 2 * HOUR });
      expect(await getRating(database, id)).toEqual({ rating: 'bad', comment: null, ratedAt: NOW + 2 * HOUR });
      await rateTicket(database, { token, rating: 'good', comment: '  Quick and friendly. ', now: NOW + 3 * HOUR });
      expect(await getRating(database, id)).toEqual({ rating: 'good', comment: 'Quick and friendly.', ratedAt: NOW + 3 * HOUR });
      expect(await database.kysely.selectFrom('ticket_ratings').select(['level', 'agent_id']).where('ticket_id', '=', id).executeTakeFirst()).toEqual({ level: 1, agent_id: owner });
      expect((await eventsOf(database, id)).filter((event) => event.type === 'rated').map((event) => event.to_value)).toEqual(['bad', 'good']);
    });

    it('refuses an open ticket, an unknown rating and a long comment', async () => {
      const { token } = await newTicket(database);
      await expectDeskError(() => rateTicket(database, { token, rating: 'good' }), 'invalid');
      const done = await solved();
      await expectDeskError(() => rateTicket(database, { token: done.token, rating: 'meh' as 'good' }), 'invalid');
      expect((await expectDeskError(() => rateTicket(database, { token: done.token, rating: 'bad', comment: 'x'.repeat(2_001) }), 'invalid')).key).toBe('answer.error.commentTooLong');
      expect(await getRating(database, done.id)).toBeNull();
    });
  });

  describe('due times in business hours', () => {
    const office = { ...CONFIG, businessHours: parseBusinessHours({ BUSINESS_HOURS: 'mon-fri 08:00-18:00', HOLIDAYS: '2026-12-25' }) };
    const berlin = (date: string, hour: number): number => localInstant(Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000), hour * 60, 'Europe/Berlin');

    it('count working time from creation, and pause while waiting on the customer', async () => {
      const { first } = await deskStaff(database);
      // Created Thursday 24 Dec 2026, 17:00 in Berlin; Friday is a holiday, then the weekend.
      const created = berlin('2026-12-24', 17);
      const { ticket, token } = await createTicket(database, { input: ticketForm(), config: office, now: created });
      // First response (normal: 24 working hours): 1 h Thursday, then Mon 28, Tue 29 (10 h each), 3 h Wed 30.
      expect(ticket.firstResponseDue).toBe(berlin('2026-12-30', 11));
      // Resolution (normal: 120 working hours): 1 h Thursday, 11 working days of 10 h from Monday 28 (1 January is not a holiday here), 9 h on Tuesday 12 January.
      expect(ticket.resolutionDue).toBe(berlin('2027-01-12', 17));
      // On hold on Monday 28, 10:00 until the customer answers on Tuesday 29, 10:00: 10 working hours waited.
      const waiting = await putOnHold(database, { ticketId: ticket.id, actor: first, expectedVersion: ticket.version, config: office, now: berlin('2026-12-28', 10) });
      expect(isOverdue(waiting, berlin('2027-01-20', 12))).toBe(false); // paused: never overdue while waiting
      const back = await addCustomerReply(database, { token, body: 'Here is the version.', config: office, now: berlin('2026-12-29', 10) });
      expect(back.status).toBe('open');
      expect(back.firstResponseDue).toBe(berlin('2026-12-31', 11));
      expect(back.resolutionDue).toBe(berlin('2027-01-13', 17));
      expect(isOverdue(back, berlin('2026-12-31', 11) - 1)).toBe(false);
      expect(isOverdue(back, berlin('2026-12-31', 11) + 1)).toBe(true);
    });
  });
});
