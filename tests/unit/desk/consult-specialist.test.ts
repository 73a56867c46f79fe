/**
 * `consultSpecialist`: second level asks the specialists of an area (default: the category)
 * and keeps the ticket; refused in two-level mode, off level 2, off progress, twice, and for
 * an unknown area — with nothing written.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { consultSpecialist } from '../../../src/lib/server/desk/consult-specialist.ts';
import { getCurrentConsultation } from '../../../src/lib/server/desk/consultation-state.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { CONSULTING_CONFIG, countRows, deskStaff, eventsOf, expectDeskError, newTicket, placeTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('consult-specialist on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  async function levelTwoTicket(assigneeId: number) {
    const { ticket } = await newTicket(database);
    await placeTicket(database, ticket.id, { level: 2, assigneeId, status: 'open' });
    return (await getTicket(database, ticket.id))!;
  }

  describe('consultSpecialist', () => {
    it('asks the area of the category by default; the ticket keeps its owner and level, the customer sees nothing of it', async () => {
      const { second } = await deskStaff(database);
      const ticket = await levelTwoTicket(second.id);
      const after = await consultSpecialist(database, { ticketId: ticket.id, actor: second, question: 'Is the counter reset by the import?', expectedVersion: ticket.version, config: CONSULTING_CONFIG, now: NOW });
      expect(after).toMatchObject({ level: 2, assigneeId: second.id, status: 'open', version: ticket.version + 1 });
      expect(await getCurrentConsultation(database, ticket.id)).toMatchObject({ area: 'invoices', status: 'open', question: 'Is the counter reset by the import?', askedById: second.id });
      expect((await eventsOf(database, ticket.id)).at(-1)).toMatchObject({ type: 'consulted', to_value: 'invoices', detail: 'Is the counter reset by the import?', actor_id: second.id });
      expect((await listTimeline(database, ticket.id, { includeInternal: false })).some((entry) => entry.entry === 'event' && entry.type === 'consulted')).toBe(false);
      // Level 2 goes on answering the customer while waiting.
      const replied = await replyToCustomer(database, { ticketId: ticket.id, actor: second, body: 'We are checking with a specialist.', expectedVersion: after.version, config: CONSULTING_CONFIG });
      expect(replied.version).toBe(after.version + 1);
      expect((await getCurrentConsultation(database, ticket.id))?.status).toBe('open');
    });

    it('takes the subject area chosen by the agent', async () => {
      const { second } = await deskStaff(database);
      const ticket = await levelTwoTicket(second.id);
      await consultSpecialist(database, { ticketId: ticket.id, actor: second, question: 'Payroll side?', area: 'payroll', areas: ['invoices', 'payroll'], expectedVersion: ticket.version, config: CONSULTING_CONFIG });
      expect((await getCurrentConsultation(database, ticket.id))?.area).toBe('payroll');
    });

    it('refuses what cannot be consulted on, writing nothing', async () => {
      const { first, second } = await deskStaff(database);
      const ticket = await levelTwoTicket(second.id);
      const before = await countRows(database, 'ticket_events');
      const ask = async (options: Partial<Parameters<typeof consultSpecialist>[1]> = {}) =>
        await consultSpecialist(database, { ticketId: ticket.id, actor: second, question: 'Q', expectedVersion: (await getTicket(database, options.ticketId ?? ticket.id))!.version, config: CONSULTING_CONFIG, ...options });
      expect((await expectDeskError(() => ask({ question: '  ' }), 'invalid')).key).toBe('desk.error.empty.consultQuestion');
      expect((await expectDeskError(() => ask({ area: 'no-such-area', areas: ['invoices'] }), 'invalid')).key).toBe('org.error.consult.area');
      expect((await expectDeskError(() => ask({ config: { ...CONSULTING_CONFIG, levels: 2 } }), 'invalid')).key).toBe('org.error.consult.twoLevels');
      expect((await expectDeskError(() => ask({ actor: first }), 'forbidden')).key).toBe('desk.error.role.consult');
      expect(await countRows(database, 'ticket_events')).toBe(before);
      await ask();
      expect((await expectDeskError(() => ask(), 'invalid')).key).toBe('org.error.consult.current');
      const solved = await levelTwoTicket(second.id);
      await placeTicket(database, solved.id, { status: 'solved' });
      expect((await expectDeskError(() => ask({ ticketId: solved.id }), 'invalid')).key).toBe('org.error.consult.notInProgress');
      expect(await countRows(database, 'ticket_consultations')).toBe(1);
    });
  });
});
