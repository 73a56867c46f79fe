/**
 * Free tags: normalised ("VAT refund" → "vat-refund"), refused when they cannot be a tag
 * (nothing written), one timeline event per change, no version bump for no change; the tags
 * in use as suggestions; views filter by tag (GET parameter `tag`).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { addTicketTag, listKnownTags, listTicketTags, normalizeTag, removeTicketTag, tagsOfTickets } from '../../../src/lib/server/desk/ticket-tags.ts';
import { listView, parseViewQuery } from '../../../src/lib/server/desk/views.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { CONFIG, countRows, deskStaff, eventsOf, expectDeskError, newTicket, NOW, placeTicket } from './fixture.ts';

describe.each(ENGINES)('tags on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  it.each([
    ['VAT refund', 'vat-refund'],
    ['  Zoll_2026 ', 'zoll_2026'],
    ['Überweisung', 'überweisung'],
    ['', null],
    ['a,b', null],
    ['<b>', null],
    ['x'.repeat(41), null],
  ])('normalises %j to %j', (text, tag) => {
    expect(normalizeTag(text)).toBe(tag);
  });

  it('adds and removes a tag, each one event and one version', async () => {
    const { first } = await deskStaff(database);
    const { ticket } = await newTicket(database);
    await placeTicket(database, ticket.id, { level: 1, assigneeId: first.id });
    const tagged = await addTicketTag(database, { ticketId: ticket.id, actor: first, tag: 'VAT refund', expectedVersion: ticket.version, config: CONFIG });
    expect(tagged.version).toBe(ticket.version + 1);
    expect(await listTicketTags(database, ticket.id)).toEqual(['vat-refund']);
    // The same tag again: nothing changes.
    expect((await addTicketTag(database, { ticketId: ticket.id, actor: first, tag: 'vat-refund', expectedVersion: tagged.version, config: CONFIG })).version).toBe(tagged.version);
    const untagged = await removeTicketTag(database, { ticketId: ticket.id, actor: first, tag: 'vat-refund', expectedVersion: tagged.version, config: CONFIG });
    expect(await listTicketTags(database, ticket.id)).toEqual([]);
    const events = (await eventsOf(database, ticket.id)).filter((event) => event.type.startsWith('tag_'));
    expect(events).toEqual([
      { type: 'tag_added', actor_id: first.id, from_value: null, to_value: 'vat-refund', detail: null, version: tagged.version },
      { type: 'tag_removed', actor_id: first.id, from_value: 'vat-refund', to_value: null, detail: null, version: untagged.version },
    ]);
  });

  it('refuses a bad tag, a stale version and a ticket of another level, writing nothing', async () => {
    const { first, second } = await deskStaff(database);
    const { ticket } = await newTicket(database);
    await placeTicket(database, ticket.id, { level: 1 });
    const events = await countRows(database, 'ticket_events');
    expect((await expectDeskError(() => addTicketTag(database, { ticketId: ticket.id, actor: first, tag: 'a;b', expectedVersion: ticket.version, config: CONFIG }), 'invalid')).key).toBe('desk.error.tag');
    await expectDeskError(() => addTicketTag(database, { ticketId: ticket.id, actor: first, tag: 'ok', expectedVersion: ticket.version - 1, config: CONFIG }), 'conflict');
    await expectDeskError(() => addTicketTag(database, { ticketId: ticket.id, actor: second, tag: 'ok', expectedVersion: ticket.version, config: CONFIG }), 'forbidden');
    expect(await countRows(database, 'ticket_tags')).toBe(0);
    expect(await countRows(database, 'ticket_events')).toBe(events);
  });

  it('suggests the tags in use, most used first, and filters a view by tag', async () => {
    const { first, admin } = await deskStaff(database);
    const tickets = [(await newTicket(database)).ticket, (await newTicket(database)).ticket, (await newTicket(database)).ticket];
    for (const ticket of tickets) await placeTicket(database, ticket.id, { level: 1, assigneeId: first.id });
    const tag = async (index: number, name: string) => {
      const current = await database.kysely.selectFrom('tickets').select('version').where('id', '=', tickets[index]!.id).executeTakeFirstOrThrow();
      await addTicketTag(database, { ticketId: tickets[index]!.id, actor: first, tag: name, expectedVersion: current.version, config: CONFIG });
    };
    await tag(0, 'vip');
    await tag(1, 'vip');
    await tag(1, 'datev');
    expect(await listKnownTags(database)).toEqual(['vip', 'datev']);
    expect(await tagsOfTickets(database, [tickets[1]!.id, tickets[2]!.id])).toEqual(new Map([[tickets[1]!.id, ['datev', 'vip']]]));
    const query = parseViewQuery('mine', new URLSearchParams('tag=VIP'), []);
    expect(query.tag).toBe('vip');
    expect((await listView(database, 'mine', first, CONFIG.levels, query)).tickets.map((ticket) => ticket.id)).toEqual([tickets[0]!.id, tickets[1]!.id].sort((a, b) => a - b));
    expect(parseViewQuery('mine', new URLSearchParams('tag=%3Cb%3E'), []).tag).toBeUndefined();
    expect((await listView(database, 'unassigned', { ...admin }, CONFIG.levels, parseViewQuery('unassigned', new URLSearchParams('tag=datev'), []))).total).toBe(0);
  });
});

describe.each(ENGINES)('reading tags on %s', (engine) => {
  const env = useDatabase(engine);

  it('lists a ticket’s tags and the tags of several tickets in code-point order, and the tags in use by count', async () => {
    const { database } = env.current;
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      const { id } = await database.kysely
        .insertInto('tickets')
        .values({ reference: `T-2026-00000${n}`, token_hash: `tags-${n}`, customer_name: 'C', customer_email: 'c@example.com', subject: 'S', category: 'invoices', lang: 'en', created_at: NOW, updated_at: NOW, first_response_due: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(id);
    }
    const rows = [
      [0, 'vip'],
      [0, 'b_tag'],
      [0, 'b-tag'],
      [1, 'vip'],
      [1, 'datev'],
      [2, 'vip'],
      [2, 'datev'],
      [2, 'äpfel'],
    ] as const;
    await database.kysely.insertInto('ticket_tags').values(rows.map(([index, tag]) => ({ ticket_id: ids[index]!, tag }))).execute();
    expect(await listTicketTags(database, ids[0]!)).toEqual(['b-tag', 'b_tag', 'vip']);
    expect(await tagsOfTickets(database, [ids[1]!, ids[2]!, 99_999_999])).toEqual(
      new Map([
        [ids[1]!, ['datev', 'vip']],
        [ids[2]!, ['datev', 'vip', 'äpfel']],
      ]),
    );
    expect(await tagsOfTickets(database, [])).toEqual(new Map());
    expect(await listKnownTags(database)).toEqual(['vip', 'datev', 'b-tag', 'b_tag', 'äpfel']);
    expect(await listKnownTags(database, 2)).toEqual(['vip', 'datev']);
  });
});
