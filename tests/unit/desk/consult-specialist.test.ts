/**
 * `consultSpecialist`: second level asks the specialists of an area (default: the category)
 * and keeps the ticket; refused in two-level mode, off level 2, off progress, twice, and for
 * an unknown area — with nothing written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { consultSpecialist } from '../../../src/lib/server/desk/consult-specialist.ts';
import { getCurrentConsultation } from '../../../src/lib/server/desk/consultation-state.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { CONSULTING_CONFIG, countRows, deskStaff, eventsOf, expectDeskError, newTicket, openDeskDb, placeTicket, NOW } from './fixture.ts';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = openDeskDb()));
afterEach(() => close());

function levelTwoTicket(assigneeId: number) {
  const { ticket } = newTicket(db);
  placeTicket(db, ticket.id, { level: 2, assigneeId, status: 'open' });
  return getTicket(db, ticket.id)!;
}

describe('consultSpecialist', () => {
  it('asks the area of the category by default; the ticket keeps its owner and level, the customer sees nothing of it', () => {
    const { second } = deskStaff(db);
    const ticket = levelTwoTicket(second.id);
    const after = consultSpecialist(db, { ticketId: ticket.id, actor: second, question: 'Is the counter reset by the import?', expectedVersion: ticket.version, config: CONSULTING_CONFIG, now: NOW });
    expect(after).toMatchObject({ level: 2, assigneeId: second.id, status: 'open', version: ticket.version + 1 });
    expect(getCurrentConsultation(db, ticket.id)).toMatchObject({ area: 'invoices', status: 'open', question: 'Is the counter reset by the import?', askedById: second.id });
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'consulted', to_value: 'invoices', detail: 'Is the counter reset by the import?', actor_id: second.id });
    expect(listTimeline(db, ticket.id, { includeInternal: false }).some((entry) => entry.entry === 'event' && entry.type === 'consulted')).toBe(false);
    // Level 2 goes on answering the customer while waiting.
    const replied = replyToCustomer(db, { ticketId: ticket.id, actor: second, body: 'We are checking with a specialist.', expectedVersion: after.version, config: CONSULTING_CONFIG });
    expect(replied.version).toBe(after.version + 1);
    expect(getCurrentConsultation(db, ticket.id)?.status).toBe('open');
  });

  it('takes the subject area chosen by the agent', () => {
    const { second } = deskStaff(db);
    const ticket = levelTwoTicket(second.id);
    consultSpecialist(db, { ticketId: ticket.id, actor: second, question: 'Payroll side?', area: 'payroll', areas: ['invoices', 'payroll'], expectedVersion: ticket.version, config: CONSULTING_CONFIG });
    expect(getCurrentConsultation(db, ticket.id)?.area).toBe('payroll');
  });

  it('refuses what cannot be consulted on, writing nothing', () => {
    const { first, second } = deskStaff(db);
    const ticket = levelTwoTicket(second.id);
    const before = countRows(db, 'ticket_events');
    const ask = (options: Partial<Parameters<typeof consultSpecialist>[1]> = {}) =>
      consultSpecialist(db, { ticketId: ticket.id, actor: second, question: 'Q', expectedVersion: getTicket(db, options.ticketId ?? ticket.id)!.version, config: CONSULTING_CONFIG, ...options });
    expect(expectDeskError(() => ask({ question: '  ' }), 'invalid').key).toBe('desk.error.empty.consultQuestion');
    expect(expectDeskError(() => ask({ area: 'no-such-area', areas: ['invoices'] }), 'invalid').key).toBe('org.error.consult.area');
    expect(expectDeskError(() => ask({ config: { ...CONSULTING_CONFIG, levels: 2 } }), 'invalid').key).toBe('org.error.consult.twoLevels');
    expect(expectDeskError(() => ask({ actor: first }), 'forbidden').key).toBe('desk.error.role.consult');
    expect(countRows(db, 'ticket_events')).toBe(before);
    ask();
    expect(expectDeskError(() => ask(), 'invalid').key).toBe('org.error.consult.current');
    const solved = levelTwoTicket(second.id);
    placeTicket(db, solved.id, { status: 'solved' });
    expect(expectDeskError(() => ask({ ticketId: solved.id }), 'invalid').key).toBe('org.error.consult.notInProgress');
    expect(countRows(db, 'ticket_consultations')).toBe(1);
  });
});
