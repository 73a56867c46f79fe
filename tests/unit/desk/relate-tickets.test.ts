/** `relateTickets`: a link both ways, with an event on each ticket; linking twice changes nothing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { relateTickets } from '../../../src/lib/server/desk/relate-tickets.ts';
import { listRelatedTickets } from '../../../src/lib/server/desk/ticket-relations.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { CONFIG, deskStaff, eventsOf, expectDeskError, newTicket, openDeskDb, placeTicket } from './fixture.ts';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = openDeskDb()));
afterEach(() => close());

describe('relateTickets', () => {
  it('links both ways once, with an event and a new version on each side', () => {
    const { first } = deskStaff(db);
    const a = newTicket(db).ticket;
    const b = newTicket(db, { email: 'other@example.com', subject: 'Same fault elsewhere' }).ticket;
    placeTicket(db, a.id, { assigneeId: first.id });
    const after = relateTickets(db, { ticketId: a.id, actor: first, otherReference: b.reference, expectedVersion: a.version, config: CONFIG });
    expect(after.version).toBe(a.version + 1);
    expect(getTicket(db, b.id)!.version).toBe(b.version + 1);
    expect(listRelatedTickets(db, a.id)).toEqual([{ reference: b.reference, subject: 'Same fault elsewhere', status: 'new' }]);
    expect(listRelatedTickets(db, b.id).map((t) => t.reference)).toEqual([a.reference]);
    expect(eventsOf(db, a.id).at(-1)).toMatchObject({ type: 'related', to_value: b.reference });
    expect(eventsOf(db, b.id).at(-1)).toMatchObject({ type: 'related', to_value: a.reference });
    // Again (from either side): nothing changes.
    expect(relateTickets(db, { ticketId: a.id, actor: first, otherReference: b.reference, expectedVersion: after.version, config: CONFIG }).version).toBe(after.version);
    expect(expectDeskError(() => relateTickets(db, { ticketId: a.id, actor: first, otherReference: a.reference, expectedVersion: after.version, config: CONFIG }), 'invalid').key).toBe('org.error.relate.self');
    expect(expectDeskError(() => relateTickets(db, { ticketId: a.id, actor: first, otherReference: 'T-1-1', expectedVersion: after.version, config: CONFIG }), 'not_found').key).toBe('org.error.relate.other');
  });
});
