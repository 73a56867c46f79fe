/**
 * Finding tickets by text (the top bar's search and a view's `q`): reference, subject and
 * customer name or e-mail, ignoring the case of the letters on both engines; `%` and `_` are
 * taken literally.
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from '../engines.ts';
import { listView, searchTickets, type ViewAgent } from '../../../src/lib/server/desk/views.ts';
import { deskStaff, newTicket } from './fixture.ts';

describe.each(ENGINES)('ticket text search on %s', (engine) => {
  const env = useDatabase(engine);

  it('matches subject, customer and reference in any case, and % or _ only as themselves', async () => {
    const { database } = env.current;
    // No agent is present yet: the tickets wait unassigned.
    const datev = (await newTicket(database, { subject: 'DATEV export rejected', name: 'Hanna Becker', email: 'Hanna.Becker@Example.com' })).ticket;
    const percent = (await newTicket(database, { subject: 'Discount of 100% shown as 10_0' })).ticket;
    await newTicket(database, { subject: 'Something else entirely' });
    const found = async (q: string) => (await searchTickets(database, q)).map((ticket) => ticket.reference).sort();
    expect(await found('datev')).toEqual([datev.reference]);
    expect(await found('hanna.becker@example')).toEqual([datev.reference]);
    expect(await found(datev.reference.toLowerCase())).toEqual([datev.reference]);
    expect(await found('100%')).toEqual([percent.reference]);
    expect(await found('10_0')).toEqual([percent.reference]);
    expect(await found('1000')).toEqual([]);
    const { admin } = await deskStaff(database);
    const agent: ViewAgent = { id: admin.id, role: 'admin', areas: [] };
    const page = await listView(database, 'unassigned', agent, 3, { sort: 'due', dir: 'asc', page: 1, q: 'EXPORT' });
    expect(page.tickets.map((ticket) => ticket.reference)).toEqual([datev.reference]);
  });
});
