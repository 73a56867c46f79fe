/**
 * Bulk actions on a view's selection: each ticket changed by its own command (same checks,
 * same timeline event), tickets that may not be changed reported by reference while the
 * others go ahead, bad input refused before anything is written.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { applyBulkChange, BULK_REASON } from '../../../src/lib/server/desk/bulk-change.ts';
import { createTemplate } from '../../../src/lib/server/desk/answer-templates.ts';
import { getTicket } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { listTicketTags } from '../../../src/lib/server/desk/ticket-tags.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { actorOf, addUser, CONFIG, countRows, deskStaff, eventsOf, expectDeskError, newTicket, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('bulk-change on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  /** No articles: the standard answers in these tests link none. */
  const store = { get: () => undefined } as unknown as ArticleStore;

  /** Three level-1 tickets and a level-2 one. */
  async function fourTickets(): Promise<{ level1: number[]; level2: number }> {
    const ids = [(await newTicket(database)).ticket.id, (await newTicket(database)).ticket.id, (await newTicket(database)).ticket.id, (await newTicket(database)).ticket.id];
    for (const id of ids.slice(0, 3)) await placeTicket(database, id, { level: 1, assigneeId: null });
    await placeTicket(database, ids[3]!, { level: 2, assigneeId: null });
    return { level1: ids.slice(0, 3), level2: ids[3]! };
  }

  describe('bulk actions', () => {
    it('sets the priority of every selected ticket it may change, one event each, and reports the rest', async () => {
      const { first } = await deskStaff(database);
      const { level1, level2 } = await fourTickets();
      await placeTicket(database, level1[2]!, { priority: 'urgent' });
      const actor = { ...first, name: 'Fiona First' };
      const result = await applyBulkChange(database, { ticketIds: [...level1, level2], actor, change: { kind: 'priority', priority: 'urgent' }, config: CONFIG, store });
      const ref = async (id: number) => (await getTicket(database, id))!.reference;
      expect(result.changed).toEqual([await ref(level1[0]!), await ref(level1[1]!)]);
      expect(result.unchanged).toEqual([await ref(level1[2]!)]);
      expect(result.refused.map((item) => [item.reference, item.error.key])).toEqual([[await ref(level2), 'desk.error.reach.level']]);
      for (const id of level1) expect((await getTicket(database, id))!.priority).toBe('urgent');
      expect((await getTicket(database, level2))!.priority).not.toBe('urgent');
      expect((await eventsOf(database, level1[0]!)).filter((event) => event.type === 'priority')).toHaveLength(1);
    });

    it('tags, assigns with the bulk reason, and solves with a standard answer filled per ticket', async () => {
      const { first } = await deskStaff(database);
      const colleague = await addUser(database, { name: 'Carla Colleague', role: 'first_level' });
      const { level1 } = await fourTickets();
      const actor = { ...first, name: 'Fiona First' };
      const base = { ticketIds: level1.slice(0, 2), actor, config: CONFIG, store };
      expect((await applyBulkChange(database, { ...base, change: { kind: 'tag', tag: 'Sammel Fall' } })).changed).toHaveLength(2);
      expect(await listTicketTags(database, level1[0]!)).toEqual(['sammel-fall']);
      expect((await applyBulkChange(database, { ...base, change: { kind: 'assign', colleagueId: colleague } })).changed).toHaveLength(2);
      expect((await getTicket(database, level1[1]!))!.assigneeId).toBe(colleague);
      expect((await eventsOf(database, level1[1]!)).filter((event) => event.type === 'assigned').at(-1)).toMatchObject({ actor_id: first.id, to_value: String(colleague), detail: BULK_REASON });
      const template = await createTemplate(database, { title: 'Fixed', lang: 'en', body: 'Hello {customer_name}, {ticket_reference} is fixed. {agent_name}' }, null, () => null);
      const mails = (await listOutbox(database)).length;
      const solved = await applyBulkChange(database, { ...base, actor: { ...await actorOf(database, colleague), name: 'Carla Colleague' }, change: { kind: 'solve', templateId: template.id } });
      expect(solved.changed).toHaveLength(2);
      const ticket = (await getTicket(database, level1[0]!))!;
      expect(ticket.status).toBe('solved');
      expect((await listOutbox(database)).length).toBe(mails + 2);
      expect((await listOutbox(database)).some((mail) => mail.body.includes(`${ticket.reference} is fixed. Carla Colleague`))).toBe(true);
    });

    it('refuses bad input before touching any ticket', async () => {
      const { first } = await deskStaff(database);
      const { level1 } = await fourTickets();
      const actor = { ...first, name: 'Fiona First' };
      const events = await countRows(database, 'ticket_events');
      const run = (change: Parameters<typeof applyBulkChange>[1]['change'], ticketIds = level1) => () => applyBulkChange(database, { ticketIds, actor, change, config: CONFIG, store });
      expect((await expectDeskError(run({ kind: 'tag', tag: '' }), 'invalid')).key).toBe('desk.error.tag');
      expect((await expectDeskError(run({ kind: 'priority', priority: 'huge' as 'high' }), 'invalid')).key).toBe('desk.error.priority');
      expect((await expectDeskError(run({ kind: 'solve', templateId: 99_999_999 }), 'invalid')).key).toBe('tags.error.bulkTemplate');
      expect((await expectDeskError(run({ kind: 'assign', colleagueId: 0 }), 'invalid')).key).toBe('tags.error.bulkColleague');
      expect((await expectDeskError(run({ kind: 'tag', tag: 'ok' }, []), 'invalid')).key).toBe('tags.error.bulkNone');
      expect(await countRows(database, 'ticket_events')).toBe(events);
    });
  });
});
