/**
 * `adviseConsultation` and `acceptAdvice`: only a specialist of the consultation's area
 * answers, once; the advice is an internal note shown as specialist advice, the owner is
 * notified ("advice arrived"), the ticket stays with level 2; level 2's acceptance closes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { consultSpecialist } from '../../../src/lib/server/desk/consult-specialist.ts';
import { adviseConsultation } from '../../../src/lib/server/desk/advise-consultation.ts';
import { acceptAdvice } from '../../../src/lib/server/desk/accept-advice.ts';
import { getCurrentConsultation, listConsultations } from '../../../src/lib/server/desk/consultation-state.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { actorOf, addUser, CONSULTING_CONFIG, countRows, deskStaff, expectDeskError, newTicket, NOW, openDeskDb, placeTicket } from './fixture.ts';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = openDeskDb()));
afterEach(() => close());

function consulted() {
  const staff = deskStaff(db);
  const { ticket } = newTicket(db);
  placeTicket(db, ticket.id, { level: 2, assigneeId: staff.second.id, status: 'open' });
  const after = consultSpecialist(db, { ticketId: ticket.id, actor: staff.second, question: 'Why does the counter restart?', expectedVersion: getTicket(db, ticket.id)!.version, config: CONSULTING_CONFIG, now: NOW });
  return { ...staff, ticket: after };
}

const notices = (userId: number) => db.prepare('SELECT kind, ticket_id FROM staff_notifications WHERE user_id = ?').all(userId) as { kind: string; ticket_id: number }[];

describe('adviseConsultation', () => {
  it('records the advice as an internal note, notifies the owner and leaves the ticket with level 2', () => {
    const { second, third, ticket } = consulted();
    const after = adviseConsultation(db, { ticketId: ticket.id, actor: third, advice: 'The import resets it; set the start number again.', expectedVersion: ticket.version, config: CONSULTING_CONFIG, now: NOW + 1000 });
    expect(after).toMatchObject({ level: 2, assigneeId: second.id, version: ticket.version + 1 });
    expect(getCurrentConsultation(db, ticket.id)).toMatchObject({ status: 'advised', advisedByName: 'Tess Third', advisedAt: NOW + 1000 });
    const staffView = listTimeline(db, ticket.id, { includeInternal: true });
    expect(staffView.at(-1)).toMatchObject({ entry: 'message', kind: 'note', authorRole: 'third_level', body: 'The import resets it; set the start number again.' });
    expect(listTimeline(db, ticket.id, { includeInternal: false }).some((entry) => entry.entry === 'message' && entry.kind === 'note')).toBe(false);
    expect(notices(second.id)).toEqual([{ kind: 'advice', ticket_id: ticket.id }]);
    expect(countRows(db, 'outbox')).toBe(1); // only the confirmation: level 3 never writes to the customer
  });

  it('refuses specialists of other areas, other roles, a second answer and a ticket without consultation', () => {
    const { second, third, ticket } = consulted();
    const payroll = actorOf(db, addUser(db, { name: 'Paula Payroll', role: 'third_level', areas: ['payroll'] }));
    const advise = (actor = third, ticketId = ticket.id) => adviseConsultation(db, { ticketId, actor, advice: 'Advice', expectedVersion: getTicket(db, ticketId)!.version, config: CONSULTING_CONFIG });
    expect(expectDeskError(() => advise(payroll), 'forbidden').key).toBe('desk.error.reach.area');
    expect(expectDeskError(() => advise(second), 'forbidden').key).toBe('desk.error.role.advise');
    expect(expectDeskError(() => advise(third, newTicket(db).ticket.id), 'invalid').key).toBe('org.error.advise.none');
    expect(getCurrentConsultation(db, ticket.id)?.status).toBe('open');
    advise();
    expect(expectDeskError(() => advise(), 'invalid').key).toBe('org.error.advise.none');
  });

  it('refuses advice in two-level mode, where nobody works at level 3', () => {
    const { third, ticket } = consulted();
    expect(expectDeskError(() => adviseConsultation(db, { ticketId: ticket.id, actor: third, advice: 'A', expectedVersion: ticket.version, config: { ...CONSULTING_CONFIG, levels: 2 } }), 'forbidden').key).toBe(
      'desk.error.reach.area',
    );
  });
});

describe('acceptAdvice', () => {
  it('closes the consultation once advice is there; a new question is a new consultation', () => {
    const { second, third, ticket } = consulted();
    expect(expectDeskError(() => acceptAdvice(db, { ticketId: ticket.id, actor: second, expectedVersion: ticket.version, config: CONSULTING_CONFIG }), 'invalid').key).toBe('org.error.accept.none');
    const advised = adviseConsultation(db, { ticketId: ticket.id, actor: third, advice: 'Advice', expectedVersion: ticket.version, config: CONSULTING_CONFIG });
    expect(expectDeskError(() => acceptAdvice(db, { ticketId: ticket.id, actor: third, expectedVersion: advised.version, config: CONSULTING_CONFIG }), 'forbidden').key).toBe('desk.error.role.acceptAdvice');
    const accepted = acceptAdvice(db, { ticketId: ticket.id, actor: second, expectedVersion: advised.version, config: CONSULTING_CONFIG, now: NOW + 5000 });
    expect(accepted).toMatchObject({ level: 2, assigneeId: second.id, version: advised.version + 1 });
    expect(getCurrentConsultation(db, ticket.id)).toBeNull();
    expect(listConsultations(db, ticket.id)).toMatchObject([{ status: 'accepted', acceptedAt: NOW + 5000 }]);
    const again = consultSpecialist(db, { ticketId: ticket.id, actor: second, question: 'One more thing', expectedVersion: accepted.version, config: CONSULTING_CONFIG });
    expect(again.version).toBe(accepted.version + 1);
    expect(listConsultations(db, ticket.id).map((c) => c.status)).toEqual(['accepted', 'open']);
  });
});
