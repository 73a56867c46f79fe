/**
 * Free tags: normalised ("VAT refund" → "vat-refund"), refused when they cannot be a tag
 * (nothing written), one timeline event per change, no version bump for no change; the tags
 * in use as suggestions; views filter by tag (GET parameter `tag`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { addTicketTag, listKnownTags, listTicketTags, normalizeTag, removeTicketTag, tagsOfTickets } from '../../../src/lib/server/desk/ticket-tags.ts';
import { listView, parseViewQuery } from '../../../src/lib/server/desk/views.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { CONFIG, countRows, deskDatabase, deskStaff, eventsOf, expectDeskError, newTicket, NOW, openDeskDb, placeTicket } from './fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

describe('tags', () => {
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
    const { first } = deskStaff(db);
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 1, assigneeId: first.id });
    const tagged = addTicketTag(db, { ticketId: ticket.id, actor: first, tag: 'VAT refund', expectedVersion: ticket.version, config: CONFIG });
    expect(tagged.version).toBe(ticket.version + 1);
    expect(await listTicketTags(deskDatabase(db), ticket.id)).toEqual(['vat-refund']);
    // The same tag again: nothing changes.
    expect(addTicketTag(db, { ticketId: ticket.id, actor: first, tag: 'vat-refund', expectedVersion: tagged.version, config: CONFIG }).version).toBe(tagged.version);
    const untagged = removeTicketTag(db, { ticketId: ticket.id, actor: first, tag: 'vat-refund', expectedVersion: tagged.version, config: CONFIG });
    expect(await listTicketTags(deskDatabase(db), ticket.id)).toEqual([]);
    const events = eventsOf(db, ticket.id).filter((event) => event.type.startsWith('tag_'));
    expect(events).toEqual([
      { type: 'tag_added', actor_id: first.id, from_value: null, to_value: 'vat-refund', detail: null, version: tagged.version },
      { type: 'tag_removed', actor_id: first.id, from_value: 'vat-refund', to_value: null, detail: null, version: untagged.version },
    ]);
  });

  it('refuses a bad tag, a stale version and a ticket of another level, writing nothing', () => {
    const { first, second } = deskStaff(db);
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 1 });
    const events = countRows(db, 'ticket_events');
    expect(expectDeskError(() => addTicketTag(db, { ticketId: ticket.id, actor: first, tag: 'a;b', expectedVersion: ticket.version, config: CONFIG }), 'invalid').key).toBe('desk.error.tag');
    expectDeskError(() => addTicketTag(db, { ticketId: ticket.id, actor: first, tag: 'ok', expectedVersion: ticket.version - 1, config: CONFIG }), 'conflict');
    expectDeskError(() => addTicketTag(db, { ticketId: ticket.id, actor: second, tag: 'ok', expectedVersion: ticket.version, config: CONFIG }), 'forbidden');
    expect(countRows(db, 'ticket_tags')).toBe(0);
    expect(countRows(db, 'ticket_events')).toBe(events);
  });

  it('suggests the tags in use, most used first, and filters a view by tag', async () => {
    const { first, admin } = deskStaff(db);
    const tickets = [newTicket(db).ticket, newTicket(db).ticket, newTicket(db).ticket];
    for (const ticket of tickets) placeTicket(db, ticket.id, { level: 1, assigneeId: first.id });
    const tag = (index: number, name: string) => {
      const current = db.prepare('SELECT version FROM tickets WHERE id = ?').get(tickets[index]!.id) as { version: number };
      addTicketTag(db, { ticketId: tickets[index]!.id, actor: first, tag: name, expectedVersion: current.version, config: CONFIG });
    };
    tag(0, 'vip');
    tag(1, 'vip');
    tag(1, 'datev');
    expect(await listKnownTags(deskDatabase(db))).toEqual(['vip', 'datev']);
    expect(await tagsOfTickets(deskDatabase(db), [tickets[1]!.id, tickets[2]!.id])).toEqual(new Map([[tickets[1]!.id, ['datev', 'vip']]]));
    const query = parseViewQuery('mine', new URLSearchParams('tag=VIP'), []);
    expect(query.tag).toBe('vip');
    expect(listView(db, 'mine', first, CONFIG.levels, query).tickets.map((ticket) => ticket.id)).toEqual([tickets[0]!.id, tickets[1]!.id].sort((a, b) => a - b));
    expect(parseViewQuery('mine', new URLSearchParams('tag=%3Cb%3E'), []).tag).toBeUndefined();
    expect(listView(db, 'unassigned', { ...admin }, CONFIG.levels, parseViewQuery('unassigned', new URLSearchParams('tag=datev'), [])).total).toBe(0);
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
