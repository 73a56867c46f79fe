/**
 * Desk views: which tickets each view holds for each role (reach by level and areas), counts,
 * sorting by whitelisted columns, pagination past 100 rows, GET-parameter parsing and the
 * "next ticket in view" used by the keyboard shortcut.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { countView, countViews, isViewOf, listView, nextInView, parseViewQuery, viewsFor, VIEW_PAGE_SIZE, type ViewAgent } from '../../../src/lib/server/desk/views.ts';
import { actorOf, addUser, DAY, HOUR, newTicket, NOW, placeTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('views on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  async function agent(id: number): Promise<ViewAgent> {
    return await actorOf(database, id);
  }

  describe('views', () => {
    it('hold the right tickets per role and view', async () => {
      const first = await addUser(database, { name: 'Fiona First', role: 'first_level', present: false });
      const other = await addUser(database, { name: 'Otto Other', role: 'first_level', present: false });
      const spec = await addUser(database, { name: 'Sven Spec', role: 'third_level', areas: ['banking'], present: false });
      const a = (await newTicket(database, { subject: 'Alpha' })).ticket;
      const b = (await newTicket(database, { subject: 'Bravo' })).ticket;
      const c = (await newTicket(database, { subject: 'Charlie', category: 'banking' })).ticket;
      const d = (await newTicket(database, { subject: 'Delta', category: 'invoices' })).ticket;
      await placeTicket(database, a.id, { assigneeId: first });
      await placeTicket(database, b.id, { assigneeId: other, status: 'waiting' });
      await placeTicket(database, c.id, { level: 3 });
      await placeTicket(database, d.id, { level: 3 });

      const me = await agent(first);
      const subjects = async (view: Parameters<typeof listView>[1], who: ViewAgent, now = NOW) =>
        (await listView(database, view, who, 3, { sort: 'subject', dir: 'asc', page: 1 }, now)).tickets.map((ticket) => ticket.subject);
      expect(await subjects('mine', me)).toEqual(['Alpha']);
      expect(await subjects('unassigned', me)).toEqual([]);
      expect(await subjects('waiting', me)).toEqual(['Bravo']);
      // Overdue: first response due (24 h for normal) has passed; Bravo waits on the customer (clocks paused).
      expect(await subjects('overdue', me, NOW + 2 * DAY)).toEqual(['Alpha']);
      expect(await subjects('overdue', me, NOW + HOUR)).toEqual([]);
      // Specialists see only their areas at level 3, and have a view per area.
      const specialist = await agent(spec);
      expect(viewsFor(specialist, 3)).toContain('area-banking');
      expect(await subjects('unassigned', specialist)).toEqual(['Charlie']);
      expect(await subjects('area-banking', specialist)).toEqual(['Charlie']);
      expect(isViewOf(specialist, 3, 'area-invoices')).toBe(false);
      expect(isViewOf(me, 3, 'area-banking')).toBe(false);
      // Counts match the lists.
      expect(await countViews(database, me, 3, NOW)).toEqual([
        { key: 'mine', count: 1 },
        { key: 'unassigned', count: 0 },
        { key: 'overdue', count: 0 },
        { key: 'waiting', count: 1 },
        { key: 'solved', count: 0 },
      ]);
    });

    it('shows recently solved tickets only for a week', async () => {
      const first = await addUser(database, { name: 'Fiona First', role: 'first_level', present: false });
      const a = (await newTicket(database, { subject: 'Solved' })).ticket;
      await database.kysely.updateTable('tickets').set({ status: 'solved', solved_at: NOW }).where('id', '=', a.id).execute();
      expect(await countView(database, 'solved', await agent(first), 3, NOW + DAY)).toBe(1);
      expect(await countView(database, 'solved', await agent(first), 3, NOW + 8 * DAY)).toBe(0);
    });

    it('sorts by whitelisted columns and pages past 100 rows without overlap', async () => {
      const admin = await addUser(database, { name: 'Ada Admin', role: 'admin', present: false });
      for (let i = 0; i < VIEW_PAGE_SIZE + 5; i++) await newTicket(database, { subject: `Ticket ${String(i).padStart(3, '0')}` });
      const who = await agent(admin);
      const one = await listView(database, 'unassigned', who, 3, { sort: 'subject', dir: 'desc', page: 1 }, NOW);
      const two = await listView(database, 'unassigned', who, 3, { sort: 'subject', dir: 'desc', page: 2 }, NOW);
      expect(one.total).toBe(VIEW_PAGE_SIZE + 5);
      expect(one.pages).toBe(2);
      expect(one.tickets).toHaveLength(VIEW_PAGE_SIZE);
      expect(two.tickets).toHaveLength(5);
      expect(one.tickets[0].subject).toBe('Ticket 104');
      expect(two.tickets.at(-1)!.subject).toBe('Ticket 000');
      const seen = new Set([...one.tickets, ...two.tickets].map((ticket) => ticket.id));
      expect(seen.size).toBe(VIEW_PAGE_SIZE + 5);
      // A page past the end shows the last page.
      expect((await listView(database, 'unassigned', who, 3, { sort: 'subject', dir: 'desc', page: 9 }, NOW)).page).toBe(2);
    });

    it('sorts by resolution due time (whitelisted key), tickets without one last', async () => {
      const admin = await addUser(database, { name: 'Ada Admin', role: 'admin', present: false });
      const due = { Late: NOW + 3 * DAY, Soon: NOW + HOUR, Middle: NOW + DAY } as const;
      for (const [subject, at] of Object.entries(due)) {
        const { ticket } = await newTicket(database, { subject });
        await database.kysely.updateTable('tickets').set({ resolution_due: at }).where('id', '=', ticket.id).execute();
      }
      const legacy = (await newTicket(database, { subject: 'Legacy' })).ticket;
      await database.kysely.updateTable('tickets').set({ resolution_due: null }).where('id', '=', legacy.id).execute();
      const query = (search: string) => parseViewQuery('unassigned', new URLSearchParams(search), []);
      const subjects = async (search: string) => (await listView(database, 'unassigned', await agent(admin), 3, query(search), NOW)).tickets.map((ticket) => ticket.subject);
      expect(query('sort=resolution')).toEqual({ sort: 'resolution', dir: 'asc', page: 1 });
      expect(await subjects('sort=resolution')).toEqual(['Soon', 'Middle', 'Late', 'Legacy']);
      expect(await subjects('sort=resolution&dir=desc')).toEqual(['Legacy', 'Late', 'Middle', 'Soon']);
      const listed = (await listView(database, 'unassigned', await agent(admin), 3, query('sort=resolution'), NOW)).tickets;
      expect(listed.map((ticket) => ticket.resolutionDue)).toEqual([due.Soon, due.Middle, due.Late, null]);
    });

    it('filters by text, priority and category from GET parameters', async () => {
      const admin = await addUser(database, { name: 'Ada Admin', role: 'admin', present: false });
      await newTicket(database, { subject: 'Printer 100% broken', name: 'Rita Roles' });
      const b = (await newTicket(database, { subject: 'Export', category: 'export' })).ticket;
      await placeTicket(database, b.id, { priority: 'urgent' });
      const query = (search: string) => parseViewQuery('unassigned', new URLSearchParams(search), ['export', 'invoices']);
      const subjects = async (search: string) => (await listView(database, 'unassigned', await agent(admin), 3, query(search), NOW)).tickets.map((ticket) => ticket.subject);
      expect(await subjects('q=100%25')).toEqual(['Printer 100% broken']);
      expect(await subjects('q=rita')).toEqual(['Printer 100% broken']);
      expect(await subjects('priority=urgent')).toEqual(['Export']);
      expect(await subjects('category=export')).toEqual(['Export']);
      expect(query('sort=drop table&dir=sideways&page=-3&priority=x&category=y')).toEqual({ sort: 'due', dir: 'asc', page: 1 });
      expect(parseViewQuery('solved', new URLSearchParams(''), [])).toEqual({ sort: 'activity', dir: 'desc', page: 1 });
    });

    it('finds the next ticket in a view', async () => {
      const first = await addUser(database, { name: 'Fiona First', role: 'first_level', present: false });
      const a = (await newTicket(database, { subject: 'A' }, NOW)).ticket;
      const b = (await newTicket(database, { subject: 'B' }, NOW + HOUR)).ticket;
      await placeTicket(database, a.id, { assigneeId: first });
      await placeTicket(database, b.id, { assigneeId: first });
      expect(await nextInView(database, 'mine', await agent(first), 3, a.reference, NOW)).toBe(b.reference);
      expect(await nextInView(database, 'mine', await agent(first), 3, b.reference, NOW)).toBeNull();
    });
  });
});
