/**
 * `adviseConsultation` and `acceptAdvice`: only a specialist of the consultation's area
 * answers, once; the advice is an internal note shown as specialist advice, the owner is
 * notified ("advice arrived"), the ticket stays with level 2; level 2's acceptance closes it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { consultSpecialist } from '../../../src/lib/server/desk/consult-specialist.ts';
import { adviseConsultation } from '../../../src/lib/server/desk/advise-consultation.ts';
import { acceptAdvice } from '../../../src/lib/server/desk/accept-advice.ts';
import { getCurrentConsultation, listConsultations } from '../../../src/lib/server/desk/consultation-state.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { actorOf, addUser, CONSULTING_CONFIG, countRows, deskStaff, expectDeskError, newTicket, NOW, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('advise-consultation on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  async function consulted() {
    const staff = await deskStaff(database);
    const { ticket } = await newTicket(database);
    await placeTicket(database, ticket.id, { level: 2, assigneeId: staff.second.id, status: 'open' });
    const after = await consultSpecialist(database, { ticketId: ticket.id, actor: staff.second, question: 'Why does the counter restart?', expectedVersion: (await getTicket(database, ticket.id))!.version, config: CONSULTING_CONFIG, now: NOW });
    return { ...staff, ticket: after };
  }

  const notices = (userId: number) => database.kysely.selectFrom('staff_notifications').select(['kind', 'ticket_id']).where('user_id', '=', userId).orderBy('id').execute();

  describe('adviseConsultation', () => {
    it('records the advice as an internal note, notifies the owner and leaves the ticket with level 2', async () => {
      const { second, third, ticket } = await consulted();
      const after = await adviseConsultation(database, { ticketId: ticket.id, actor: third, advice: 'The import resets it; set the start number again.', expectedVersion: ticket.version, config: CONSULTING_CONFIG, now: NOW + 1000 });
      expect(after).toMatchObject({ level: 2, assigneeId: second.id, version: ticket.version + 1 });
      expect(await getCurrentConsultation(database, ticket.id)).toMatchObject({ status: 'advised', advisedByName: 'Tess Third', advisedAt: NOW + 1000 });
      const staffView = await listTimeline(database, ticket.id, { includeInternal: true });
      expect(staffView.at(-1)).toMatchObject({ entry: 'message', kind: 'note', authorRole: 'third_level', body: 'The import resets it; set the start number again.' });
      expect((await listTimeline(database, ticket.id, { includeInternal: false })).some((entry) => entry.entry === 'message' && entry.kind === 'note')).toBe(false);
      expect(await notices(second.id)).toEqual([{ kind: 'advice', ticket_id: ticket.id }]);
      expect(await countRows(database, 'outbox')).toBe(1); // only the confirmation: level 3 never writes to the customer
    });

    it('refuses specialists of other areas, other roles, a second answer and a ticket without consultation', async () => {
      const { second, third, ticket } = await consulted();
      const payroll = await actorOf(database, await addUser(database, { name: 'Paula Payroll', role: 'third_level', areas: ['payroll'] }));
      const advise = async (actor = third, ticketId = ticket.id) => await adviseConsultation(database, { ticketId, actor, advice: 'Advice', expectedVersion: (await getTicket(database, ticketId))!.version, config: CONSULTING_CONFIG });
      expect((await expectDeskError(() => advise(payroll), 'forbidden')).key).toBe('desk.error.reach.area');
      expect((await expectDeskError(() => advise(second), 'forbidden')).key).toBe('desk.error.role.advise');
      expect((await expectDeskError(async () => advise(third, (await newTicket(database)).ticket.id), 'invalid')).key).toBe('org.error.advise.none');
      expect((await getCurrentConsultation(database, ticket.id))?.status).toBe('open');
      await advise();
      expect((await expectDeskError(() => advise(), 'invalid')).key).toBe('org.error.advise.none');
    });

    it('refuses advice in two-level mode, where nobody works at level 3', async () => {
      const { third, ticket } = await consulted();
      expect((await expectDeskError(() => adviseConsultation(database, { ticketId: ticket.id, actor: third, advice: 'A', expectedVersion: ticket.version, config: { ...CONSULTING_CONFIG, levels: 2 } }), 'forbidden')).key).toBe(
        'desk.error.reach.area',
      );
    });
  });

  describe('acceptAdvice', () => {
    it('closes the consultation once advice is there; a new question is a new consultation', async () => {
      const { second, third, ticket } = await consulted();
      expect((await expectDeskError(() => acceptAdvice(database, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONSULTING_CONFIG }), 'invalid')).key).toBe('org.error.accept.none');
      const advised = await adviseConsultation(database, { ticketId: ticket.id, actor: third, advice: 'Advice', expectedVersion: ticket.version, config: CONSULTING_CONFIG });
      expect((await expectDeskError(() => acceptAdvice(database, { ticketId: ticket.id, actor: third, expectedVersion: advised.version, config: CONSULTING_CONFIG }), 'forbidden')).key).toBe('desk.error.role.acceptAdvice');
      const accepted = await acceptAdvice(database, { ticketId: ticket.id, actor: second, expectedVersion: advised.version, config: CONSULTING_CONFIG, now: NOW + 5000 });
      expect(accepted).toMatchObject({ level: 2, assigneeId: second.id, version: advised.version + 1 });
      expect(await getCurrentConsultation(database, ticket.id)).toBeNull();
      expect(await listConsultations(database, ticket.id)).toMatchObject([{ status: 'accepted', acceptedAt: NOW + 5000 }]);
      const again = await consultSpecialist(database, { ticketId: ticket.id, actor: second, question: 'One more thing', expectedVersion: accepted.version, config: CONSULTING_CONFIG });
      expect(again.version).toBe(accepted.version + 1);
      expect((await listConsultations(database, ticket.id)).map((c) => c.status)).toEqual(['accepted', 'open']);
    });
  });
});
