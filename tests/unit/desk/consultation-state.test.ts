/**
 * Consultation states: open → advised → accepted and nothing else, at most one current
 * consultation per ticket (the database refuses a second one too).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { canConsultationGo, CONSULTATION_STATUSES, getCurrentConsultation, listConsultations, moveConsultationInChange } from '../../../src/lib/server/desk/consultation-state.ts';
import { newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('consultation-state on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('consultation states', () => {
    const allowed = new Set(['open→advised', 'advised→accepted']);
    const pairs = CONSULTATION_STATUSES.flatMap((from) => CONSULTATION_STATUSES.map((to) => [from, to, allowed.has(`${from}→${to}`)] as const));

    it.each(pairs)('%s → %s allowed: %s', (from, to, expected) => {
      expect(canConsultationGo(from, to)).toBe(expected);
    });

    it('refuses a transition the table does not allow and keeps the row as it was', async () => {
      const { ticket } = await newTicket(database);
      const { id } = await database.kysely.insertInto('ticket_consultations').values({ ticket_id: ticket.id, area: 'invoices', question: 'Q', asked_at: NOW }).returning('id').executeTakeFirstOrThrow();
      await expect(moveConsultationInChange(database.kysely, { id, status: 'open' }, 'accepted', { actorId: 1, at: NOW })).rejects.toThrow(/not allowed/);
      expect(await getCurrentConsultation(database, ticket.id)).toMatchObject({ status: 'open', acceptedAt: null });
    });

    it('allows one current consultation per ticket; accepted ones are history', async () => {
      const { ticket } = await newTicket(database);
      const insert = (area: string, question: string, askedAt: number, status: string) =>
        database.kysely.insertInto('ticket_consultations').values({ ticket_id: ticket.id, area, question, asked_at: askedAt, status }).execute();
      await insert('invoices', 'First', NOW, 'accepted');
      await insert('invoices', 'Second', NOW + 1, 'open');
      // SQLite: "UNIQUE constraint failed"; PostgreSQL: "duplicate key value violates unique constraint".
      await expect(insert('payroll', 'Third', NOW + 2, 'advised')).rejects.toThrow(/unique/i);
      expect(await getCurrentConsultation(database, ticket.id)).toMatchObject({ question: 'Second', status: 'open' });
      expect((await listConsultations(database, ticket.id)).map((c) => c.question)).toEqual(['First', 'Second']);
    });
  });
});
