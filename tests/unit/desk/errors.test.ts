/**
 * Desk refusals carry an interface-text key, not prose: the agent reads them in their own
 * language (a German agent reads German), while `message` stays English for logs.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../../src/lib/i18n.ts';
import { DomainError } from '../../../src/lib/server/errors.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { actorOf, addUser, CONFIG, newTicket, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('errors on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  async function refusal(run: () => unknown): Promise<DeskError> {
    try {
      await run();
    } catch (error) {
      expect(error).toBeInstanceOf(DeskError);
      return error as DeskError;
    }
    throw new Error('expected a DeskError');
  }

  describe('DeskError', () => {
    it('is a DomainError with a code, a key and, for conflicts, the changes and current version', () => {
      const error = new DeskError('conflict', 'desk.conflict.title', { message: 'changed', changes: [], currentVersion: 3 });
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ name: 'DeskError', code: 'conflict', key: 'desk.conflict.title', values: {}, message: 'changed', changes: [], currentVersion: 3 });
      expect(new DeskError('forbidden', 'desk.error.role.take')).toMatchObject({ changes: [], currentVersion: null, message: 'desk.error.role.take' });
    });

    it('tells a German first-level agent in German that a level-2 ticket is out of reach', async () => {
      const first = await actorOf(database, await addUser(database, { name: 'Fiona First', role: 'first_level' }));
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 2 });
      const error = await refusal(() => escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'Zu schwer', expectedVersion: ticket.version, config: CONFIG }));
      expect(error.code).toBe('forbidden');
      expect(t('de', error.key, error.values)).toBe('Dieses Ticket ist auf Level 2; Sie bearbeiten Tickets auf Level 1.');
      expect(t('en', error.key, error.values)).toBe('This ticket is at level 2; you work on level 1 tickets.');
      expect(error.message).toBe('This ticket is at level 2; you work on level 1 tickets.');
    });

    it('tells a German specialist in German that specialists do not write to the customer', async () => {
      const third = await actorOf(database, await addUser(database, { name: 'Tess Third', role: 'third_level', areas: ['invoices'] }));
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 3 });
      const error = await refusal(() => replyToCustomer(database, { ticketId: ticket.id, actor: third, body: 'Hallo', expectedVersion: ticket.version, config: CONFIG }));
      expect(t('de', error.key, error.values)).toMatch(/^Spezialisten schreiben nicht an die Kundschaft/);
    });

    it('names an empty or oversized text field in the agent’s language', async () => {
      const first = await actorOf(database, await addUser(database, { name: 'Fiona First', role: 'first_level' }));
      const { ticket } = await newTicket(database);
      const empty = await refusal(() => replyToCustomer(database, { ticketId: ticket.id, actor: first, body: '  ', expectedVersion: ticket.version, config: CONFIG }));
      expect(t('de', empty.key, empty.values)).toBe('Bitte schreiben Sie die Antwort.');
      const long = await refusal(() => escalateTicket(database, { ticketId: ticket.id, actor: first, reason: 'x'.repeat(5001), expectedVersion: ticket.version, config: CONFIG }));
      expect(t('de', long.key, long.values)).toBe('Die Begründung der Eskalation darf höchstens 5000 Zeichen lang sein.');
    });
  });
});
