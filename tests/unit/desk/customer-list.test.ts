/** The customer list's data, on both engines: one row per address (any case), latest contact first, its name and language, counts, the search and the page size. */
import { describe, expect, it } from 'vitest';
import { CUSTOMER_PAGE_SIZE, listCustomers } from '../../../src/lib/server/desk/customer-list.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { NOW } from './fixture.ts';

describe.each(ENGINES)('listCustomers on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let serial = 0;
  const addTicket = async (fields: { email: string; name: string; lang?: string; status?: string }, at: number) => {
    serial++;
    await env.current.database.kysely
      .insertInto('tickets')
      .values({
        reference: `T-2026-${String(serial).padStart(6, '0')}`,
        token_hash: `list-${serial}`,
        customer_name: fields.name,
        customer_email: fields.email,
        subject: `Question ${serial}`,
        category: 'invoices',
        lang: fields.lang ?? 'en',
        status: fields.status ?? 'new',
        created_at: at,
        updated_at: at,
        first_response_due: at,
      })
      .execute();
  };

  it('lists one row per address, latest contact first, with that contact’s name and language and the counts', async () => {
    await addTicket({ email: 'Erika@Example.com', name: 'Erika M.', status: 'closed' }, NOW - 3000);
    await addTicket({ email: 'erika@example.com', name: 'Erika Mustermann', lang: 'de' }, NOW - 1000);
    await addTicket({ email: 'bo@example.com', name: 'Bo Berg' }, NOW - 2000);
    const { customers, more } = await listCustomers(env.current.database);
    expect(more).toBe(false);
    expect(customers).toEqual([
      { email: 'erika@example.com', name: 'Erika Mustermann', lang: 'de', tickets: 2, open: 1, lastContact: NOW - 1000 },
      { email: 'bo@example.com', name: 'Bo Berg', lang: 'en', tickets: 1, open: 1, lastContact: NOW - 2000 },
    ]);
  });

  it('searches names and addresses in any case; % and _ match themselves', async () => {
    await addTicket({ email: 'erika@example.com', name: 'Erika Mustermann' }, NOW - 1000);
    await addTicket({ email: 'bo_berg@example.com', name: 'Bo Berg' }, NOW - 2000);
    expect((await listCustomers(env.current.database, { q: 'MUSTER' })).customers.map((row) => row.email)).toEqual(['erika@example.com']);
    expect((await listCustomers(env.current.database, { q: 'bo_' })).customers.map((row) => row.email)).toEqual(['bo_berg@example.com']);
    expect((await listCustomers(env.current.database, { q: 'o_b' })).customers.map((row) => row.email)).toEqual(['bo_berg@example.com']);
    expect((await listCustomers(env.current.database, { q: '%' })).customers).toEqual([]);
  });

  it('shows the page size and says there is more', async () => {
    for (let n = 0; n <= CUSTOMER_PAGE_SIZE; n++) await addTicket({ email: `c${n}@example.com`, name: `C ${n}` }, NOW + n);
    const { customers, more } = await listCustomers(env.current.database);
    expect(customers).toHaveLength(CUSTOMER_PAGE_SIZE);
    expect(customers[0]!.email).toBe(`c${CUSTOMER_PAGE_SIZE}@example.com`);
    expect(more).toBe(true);
  });
});
