/**
 * Consultation states: open → advised → accepted and nothing else, at most one current
 * consultation per ticket (the database refuses a second one too).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { canConsultationGo, CONSULTATION_STATUSES, getCurrentConsultation, listConsultations, moveConsultationInChange } from '../../../src/lib/server/desk/consultation-state.ts';
import { newTicket, NOW, openDeskDb } from './fixture.ts';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = openDeskDb()));
afterEach(() => close());

describe('consultation states', () => {
  const allowed = new Set(['open→advised', 'advised→accepted']);
  const pairs = CONSULTATION_STATUSES.flatMap((from) => CONSULTATION_STATUSES.map((to) => [from, to, allowed.has(`${from}→${to}`)] as const));

  it.each(pairs)('%s → %s allowed: %s', (from, to, expected) => {
    expect(canConsultationGo(from, to)).toBe(expected);
  });

  it('refuses a transition the table does not allow and keeps the row as it was', () => {
    const { ticket } = newTicket(db);
    const id = Number(db.prepare("INSERT INTO ticket_consultations (ticket_id, area, question, asked_at) VALUES (?, 'invoices', 'Q', ?)").run(ticket.id, NOW).lastInsertRowid);
    expect(() => moveConsultationInChange(db, { id, status: 'open' }, 'accepted', { actorId: 1, at: NOW })).toThrow(/not allowed/);
    expect(getCurrentConsultation(db, ticket.id)).toMatchObject({ status: 'open', acceptedAt: null });
  });

  it('allows one current consultation per ticket; accepted ones are history', () => {
    const { ticket } = newTicket(db);
    const insert = db.prepare('INSERT INTO ticket_consultations (ticket_id, area, question, asked_at, status) VALUES (?, ?, ?, ?, ?)');
    insert.run(ticket.id, 'invoices', 'First', NOW, 'accepted');
    insert.run(ticket.id, 'invoices', 'Second', NOW + 1, 'open');
    expect(() => insert.run(ticket.id, 'payroll', 'Third', NOW + 2, 'advised')).toThrow(/UNIQUE/);
    expect(getCurrentConsultation(db, ticket.id)).toMatchObject({ question: 'Second', status: 'open' });
    expect(listConsultations(db, ticket.id).map((c) => c.question)).toEqual(['First', 'Second']);
  });
});
