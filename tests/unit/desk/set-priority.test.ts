/**
 * `setPriority`: the first-response due time follows the priority until the first response.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { CONFIG, deskStaff, eventsOf, expectDeskError, HOUR, newTicket, NOW } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

describe('setPriority', () => {
  it('recomputes the first-response due time with the priority until the first response', () => {
    const { first } = staff();
    const { ticket } = newTicket(db);
    const urgent = setPriority(db, { ticketId: ticket.id, actor: first, priority: 'urgent', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1000 });
    expect(urgent).toMatchObject({ priority: 'urgent', firstResponseDue: NOW + 2 * HOUR });
    expect(eventsOf(db, ticket.id).slice(-2)).toEqual([
      expect.objectContaining({ type: 'priority', from_value: 'normal', to_value: 'urgent' }),
      expect.objectContaining({ type: 'first_response_due', from_value: new Date(NOW + 24 * HOUR).toISOString(), to_value: new Date(NOW + 2 * HOUR).toISOString() }),
    ]);
    const replied = replyToCustomer(db, { ticketId: ticket.id, actor: first, body: 'On it', expectedVersion: urgent.version, config: CONFIG, now: NOW + HOUR });
    const low = setPriority(db, { ticketId: ticket.id, actor: first, priority: 'low', expectedVersion: replied.version, config: CONFIG });
    expect(low).toMatchObject({ priority: 'low', firstResponseDue: NOW + 2 * HOUR });
    expectDeskError(() => setPriority(db, { ticketId: ticket.id, actor: first, priority: 'critical' as never, expectedVersion: low.version, config: CONFIG }), 'invalid');
  });
});
