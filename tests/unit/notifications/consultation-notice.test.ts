/**
 * A consultation notifies the specialists of the area asked (every enabled one, present or
 * not: notifications wait for them), never another area's specialists, a disabled one, or the
 * asker; the e-mail copy and the list text name the ticket.
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from '../engines.ts';
import { consultSpecialist } from '../../../src/lib/server/desk/consult-specialist.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listNotifications } from '../../../src/lib/server/notifications/staff-notifications.ts';
import { t } from '../../../src/lib/i18n.ts';
import { actorOf, addUser, CONSULTING_CONFIG, newTicket, NOW, placeTicket } from '../desk/fixture.ts';

describe.each(ENGINES)('consultation notices on %s', (engine) => {
  const env = useDatabase(engine);

  it('go to the enabled specialists of the area asked', async () => {
    const { database } = env.current;
    const second = await actorOf(database, await addUser(database, { name: 'Sam Second', role: 'second_level' }));
    const invoices = await addUser(database, { name: 'Ines Invoices', role: 'third_level', areas: ['invoices'], present: false });
    const both = await addUser(database, { name: 'Bo Both', role: 'third_level', areas: ['banking', 'invoices'] });
    const banking = await addUser(database, { name: 'Ben Banking', role: 'third_level', areas: ['banking'] });
    const gone = await addUser(database, { name: 'Gil Gone', role: 'third_level', areas: ['invoices'], disabled: true });
    const { ticket } = await newTicket(database);
    await placeTicket(database, ticket.id, { level: 2, assigneeId: second.id, status: 'open' });
    const placed = (await getTicket(database, ticket.id))!;
    await consultSpecialist(database, { ticketId: ticket.id, actor: second, question: 'Does the import reset the counter?', expectedVersion: placed.version, config: CONSULTING_CONFIG, now: NOW });

    const kinds = async (userId: number) => (await listNotifications(database, userId)).map((item) => `${item.kind} ${item.reference}`);
    expect(await kinds(invoices)).toEqual([`consultation ${ticket.reference}`]);
    expect(await kinds(both)).toEqual([`consultation ${ticket.reference}`]);
    expect(await kinds(banking)).toEqual([]);
    expect(await kinds(gone)).toEqual([]);
    expect(await kinds(second.id)).toEqual([]);
    expect(t('de', 'live.kind.consultation', { reference: ticket.reference })).toBe(`Level 2 bittet um Ihren Rat zu ${ticket.reference}`);
    expect(t('en', 'live.kind.consultation', { reference: ticket.reference })).toBe(`Level 2 asks for your advice on ${ticket.reference}`);
  });
});
