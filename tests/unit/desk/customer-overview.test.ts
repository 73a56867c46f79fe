/** The customer page's data, on both engines: every ticket and call of one address (any case), name and language of the latest. */
import { describe, expect, it } from 'vitest';
import { customerHref, getCustomerOverview, parseCustomerEmail } from '../../../src/lib/server/desk/customer-overview.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { NOW } from './fixture.ts';

describe.each(ENGINES)('getCustomerOverview on %s', (engine) => {
  const env = useDatabase(engine);
  let serial = 0;
  /** A ticket row written directly (the overview reads only these columns). */
  const addTicket = async (fields: { email?: string; name?: string; lang?: string; channel?: string; mergedInto?: number }, at: number) => {
    const reference = `T-2026-${String(++serial).padStart(6, '0')}`;
    const { id } = await env.current.database.kysely
      .insertInto('tickets')
      .values({
        reference,
        token_hash: `overview-${serial}`,
        customer_name: fields.name ?? 'Erika Mustermann',
        customer_email: fields.email ?? 'erika@example.com',
        subject: `Question ${serial}`,
        category: 'invoices',
        lang: fields.lang ?? 'en',
        channel: fields.channel ?? 'web',
        merged_into: fields.mergedInto ?? null,
        created_at: at,
        updated_at: at,
        first_response_due: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, reference };
  };

  it('lists tickets and calls of the address, newest first, with the latest name and language', async () => {
    const { database } = env.current;
    const old = await addTicket({ email: 'Erika@Example.com', name: 'Erika M.' }, NOW);
    const call = await addTicket({ channel: 'phone' }, NOW + 1000);
    const latest = await addTicket({ lang: 'de', name: 'Erika Mustermann', mergedInto: old.id }, NOW + 2000);
    await addTicket({ email: 'someone@example.com' }, NOW + 3000);
    const overview = (await getCustomerOverview(database, ' ERIKA@example.com '))!;
    expect(overview).toMatchObject({ email: 'erika@example.com', name: 'Erika Mustermann', lang: 'de' });
    expect(overview.tickets.map((t) => [t.reference, t.mergedInto])).toEqual([
      [latest.reference, old.reference],
      [old.reference, null],
    ]);
    expect(overview.calls.map((t) => t.reference)).toEqual([call.reference]);
    expect(await getCustomerOverview(database, 'nobody@example.com')).toBeNull();
    expect(await getCustomerOverview(database, 'not an address')).toBeNull();
  });
});

describe('customer addresses', () => {
  it('accepts only plausible addresses and links with the address encoded', () => {
    expect(parseCustomerEmail('a@b')).toBe('a@b');
    expect(parseCustomerEmail('a b@c')).toBeNull();
    expect(parseCustomerEmail(null)).toBeNull();
    expect(customerHref('Erika+Test@Example.com')).toBe('/staff/customers?email=erika%2Btest%40example.com');
  });
});
