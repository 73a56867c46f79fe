/** The customer page's data: every ticket and call of one address (any case), name and language of the latest. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { customerHref, getCustomerOverview, parseCustomerEmail } from '../../../src/lib/server/desk/customer-overview.ts';
import { newTicket, NOW, openDeskDb } from './fixture.ts';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = openDeskDb()));
afterEach(() => close());

describe('getCustomerOverview', () => {
  it('lists tickets and calls of the address, newest first, with the latest name and language', () => {
    const old = newTicket(db, { email: 'Erika@Example.com', name: 'Erika M.' }, NOW).ticket;
    const call = newTicket(db, {}, NOW + 1000).ticket;
    db.prepare("UPDATE tickets SET channel = 'phone' WHERE id = ?").run(call.id);
    const latest = newTicket(db, { lang: 'de', name: 'Erika Mustermann' }, NOW + 2000).ticket;
    newTicket(db, { email: 'someone@example.com' }, NOW + 3000);
    const overview = getCustomerOverview(db, ' ERIKA@example.com ')!;
    expect(overview).toMatchObject({ email: 'erika@example.com', name: 'Erika Mustermann', lang: 'de' });
    expect(overview.tickets.map((t) => t.reference)).toEqual([latest.reference, old.reference]);
    expect(overview.calls.map((t) => t.reference)).toEqual([call.reference]);
    expect(getCustomerOverview(db, 'nobody@example.com')).toBeNull();
    expect(getCustomerOverview(db, 'not an address')).toBeNull();
  });

  it('accepts only plausible addresses and links with the address encoded', () => {
    expect(parseCustomerEmail('a@b')).toBe('a@b');
    expect(parseCustomerEmail('a b@c')).toBeNull();
    expect(parseCustomerEmail(null)).toBeNull();
    expect(customerHref('Erika+Test@Example.com')).toBe('/staff/customers?email=erika%2Btest%40example.com');
  });
});
