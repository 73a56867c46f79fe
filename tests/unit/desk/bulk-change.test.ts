/**
 * Bulk actions on a view's selection: each ticket changed by its own command (same checks,
 * same timeline event), tickets that may not be changed reported by reference while the
 * others go ahead, bad input refused before anything is written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import type { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { applyBulkChange, BULK_REASON } from '../../../src/lib/server/desk/bulk-change.ts';
import { createTemplate } from '../../../src/lib/server/desk/answer-templates.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listTicketTags } from '../../../src/lib/server/desk/ticket-tags.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { deskDatabase, actorOf, addUser, CONFIG, countRows, deskStaff, eventsOf, expectDeskError, newTicket, openDeskDb, placeTicket } from './fixture.ts';

let db: Db;
let close: () => void;
/** No articles: the standard answers in these tests link none. */
const store = { get: () => undefined } as unknown as ArticleStore;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

/** Three level-1 tickets and a level-2 one. */
function fourTickets(): { level1: number[]; level2: number } {
  const ids = [newTicket(db).ticket.id, newTicket(db).ticket.id, newTicket(db).ticket.id, newTicket(db).ticket.id];
  for (const id of ids.slice(0, 3)) placeTicket(db, id, { level: 1, assigneeId: null });
  placeTicket(db, ids[3]!, { level: 2, assigneeId: null });
  return { level1: ids.slice(0, 3), level2: ids[3]! };
}

describe('bulk actions', () => {
  it('sets the priority of every selected ticket it may change, one event each, and reports the rest', () => {
    const { first } = deskStaff(db);
    const { level1, level2 } = fourTickets();
    placeTicket(db, level1[2]!, { priority: 'urgent' });
    const actor = { ...first, name: 'Fiona First' };
    const result = applyBulkChange(db, { ticketIds: [...level1, level2], actor, change: { kind: 'priority', priority: 'urgent' }, config: CONFIG, store });
    const ref = (id: number) => getTicket(db, id)!.reference;
    expect(result.changed).toEqual([ref(level1[0]!), ref(level1[1]!)]);
    expect(result.unchanged).toEqual([ref(level1[2]!)]);
    expect(result.refused.map((item) => [item.reference, item.error.key])).toEqual([[ref(level2), 'desk.error.reach.level']]);
    for (const id of level1) expect(getTicket(db, id)!.priority).toBe('urgent');
    expect(getTicket(db, level2)!.priority).not.toBe('urgent');
    expect(eventsOf(db, level1[0]!).filter((event) => event.type === 'priority')).toHaveLength(1);
  });

  it('tags, assigns with the bulk reason, and solves with a standard answer filled per ticket', async () => {
    const { first } = deskStaff(db);
    const colleague = addUser(db, { name: 'Carla Colleague', role: 'first_level' });
    const { level1 } = fourTickets();
    const actor = { ...first, name: 'Fiona First' };
    const base = { ticketIds: level1.slice(0, 2), actor, config: CONFIG, store };
    expect(applyBulkChange(db, { ...base, change: { kind: 'tag', tag: 'Sammel Fall' } }).changed).toHaveLength(2);
    expect(await listTicketTags(deskDatabase(db), level1[0]!)).toEqual(['sammel-fall']);
    expect(applyBulkChange(db, { ...base, change: { kind: 'assign', colleagueId: colleague } }).changed).toHaveLength(2);
    expect(getTicket(db, level1[1]!)!.assigneeId).toBe(colleague);
    expect(eventsOf(db, level1[1]!).filter((event) => event.type === 'assigned').at(-1)).toMatchObject({ actor_id: first.id, to_value: String(colleague), detail: BULK_REASON });
    const template = await createTemplate(deskDatabase(db), { title: 'Fixed', lang: 'en', body: 'Hello {customer_name}, {ticket_reference} is fixed. {agent_name}' }, null, () => null);
    const mails = (await listOutbox(deskDatabase(db))).length;
    const solved = applyBulkChange(db, { ...base, actor: { ...actorOf(db, colleague), name: 'Carla Colleague' }, change: { kind: 'solve', templateId: template.id } });
    expect(solved.changed).toHaveLength(2);
    const ticket = getTicket(db, level1[0]!)!;
    expect(ticket.status).toBe('solved');
    expect((await listOutbox(deskDatabase(db))).length).toBe(mails + 2);
    expect((await listOutbox(deskDatabase(db))).some((mail) => mail.body.includes(`${ticket.reference} is fixed. Carla Colleague`))).toBe(true);
  });

  it('refuses bad input before touching any ticket', () => {
    const { first } = deskStaff(db);
    const { level1 } = fourTickets();
    const actor = { ...first, name: 'Fiona First' };
    const events = countRows(db, 'ticket_events');
    const run = (change: Parameters<typeof applyBulkChange>[1]['change'], ticketIds = level1) => () => applyBulkChange(db, { ticketIds, actor, change, config: CONFIG, store });
    expect(expectDeskError(run({ kind: 'tag', tag: '' }), 'invalid').key).toBe('desk.error.tag');
    expect(expectDeskError(run({ kind: 'priority', priority: 'huge' as 'high' }), 'invalid').key).toBe('desk.error.priority');
    expect(expectDeskError(run({ kind: 'solve', templateId: 999 }), 'invalid').key).toBe('tags.error.bulkTemplate');
    expect(expectDeskError(run({ kind: 'assign', colleagueId: 0 }), 'invalid').key).toBe('tags.error.bulkColleague');
    expect(expectDeskError(run({ kind: 'tag', tag: 'ok' }, []), 'invalid').key).toBe('tags.error.bulkNone');
    expect(countRows(db, 'ticket_events')).toBe(events);
  });
});
