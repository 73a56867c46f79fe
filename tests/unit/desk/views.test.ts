/**
 * Desk views: which tickets each view holds for each role (reach by level and areas), counts,
 * sorting by whitelisted columns, pagination past 100 rows, GET-parameter parsing and the
 * "next ticket in view" used by the keyboard shortcut.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { countView, countViews, isViewOf, listView, nextInView, parseViewQuery, viewsFor, VIEW_PAGE_SIZE, type ViewAgent } from '../../../src/lib/server/desk/views.ts';
import { actorOf, addUser, DAY, HOUR, newTicket, NOW, placeTicket } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;
useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

function agent(id: number): ViewAgent {
  return actorOf(db, id);
}

describe('views', () => {
  it('hold the right tickets per role and view', () => {
    const first = addUser(db, { name: 'Fiona First', role: 'first_level', present: false });
    const other = addUser(db, { name: 'Otto Other', role: 'first_level', present: false });
    const spec = addUser(db, { name: 'Sven Spec', role: 'third_level', areas: ['banking'], present: false });
    const a = newTicket(db, { subject: 'Alpha' }).ticket;
    const b = newTicket(db, { subject: 'Bravo' }).ticket;
    const c = newTicket(db, { subject: 'Charlie', category: 'banking' }).ticket;
    const d = newTicket(db, { subject: 'Delta', category: 'invoices' }).ticket;
    placeTicket(db, a.id, { assigneeId: first });
    placeTicket(db, b.id, { assigneeId: other, status: 'waiting' });
    placeTicket(db, c.id, { level: 3 });
    placeTicket(db, d.id, { level: 3 });

    const me = agent(first);
    const subjects = (view: Parameters<typeof listView>[1], who: ViewAgent, now = NOW) =>
      listView(db, view, who, 3, { sort: 'subject', dir: 'asc', page: 1 }, now).tickets.map((ticket) => ticket.subject);
    expect(subjects('mine', me)).toEqual(['Alpha']);
    expect(subjects('unassigned', me)).toEqual([]);
    expect(subjects('waiting', me)).toEqual(['Bravo']);
    // Overdue: first response due (24 h for normal) has passed; Bravo waits on the customer (clocks paused).
    expect(subjects('overdue', me, NOW + 2 * DAY)).toEqual(['Alpha']);
    expect(subjects('overdue', me, NOW + HOUR)).toEqual([]);
    // Specialists see only their areas at level 3, and have a view per area.
    const specialist = agent(spec);
    expect(viewsFor(specialist, 3)).toContain('area-banking');
    expect(subjects('unassigned', specialist)).toEqual(['Charlie']);
    expect(subjects('area-banking', specialist)).toEqual(['Charlie']);
    expect(isViewOf(specialist, 3, 'area-invoices')).toBe(false);
    expect(isViewOf(me, 3, 'area-banking')).toBe(false);
    // Counts match the lists.
    expect(countViews(db, me, 3, NOW)).toEqual([
      { key: 'mine', count: 1 },
      { key: 'unassigned', count: 0 },
      { key: 'overdue', count: 0 },
      { key: 'waiting', count: 1 },
      { key: 'solved', count: 0 },
    ]);
  });

  it('shows recently solved tickets only for a week', () => {
    const first = addUser(db, { name: 'Fiona First', role: 'first_level', present: false });
    const a = newTicket(db, { subject: 'Solved' }).ticket;
    db.prepare("UPDATE tickets SET status = 'solved', solved_at = ? WHERE id = ?").run(NOW, a.id);
    expect(countView(db, 'solved', agent(first), 3, NOW + DAY)).toBe(1);
    expect(countView(db, 'solved', agent(first), 3, NOW + 8 * DAY)).toBe(0);
  });

  it('sorts by whitelisted columns and pages past 100 rows without overlap', () => {
    const admin = addUser(db, { name: 'Ada Admin', role: 'admin', present: false });
    for (let i = 0; i < VIEW_PAGE_SIZE + 5; i++) newTicket(db, { subject: `Ticket ${String(i).padStart(3, '0')}` });
    const who = agent(admin);
    const one = listView(db, 'unassigned', who, 3, { sort: 'subject', dir: 'desc', page: 1 }, NOW);
    const two = listView(db, 'unassigned', who, 3, { sort: 'subject', dir: 'desc', page: 2 }, NOW);
    expect(one.total).toBe(VIEW_PAGE_SIZE + 5);
    expect(one.pages).toBe(2);
    expect(one.tickets).toHaveLength(VIEW_PAGE_SIZE);
    expect(two.tickets).toHaveLength(5);
    expect(one.tickets[0].subject).toBe('Ticket 104');
    expect(two.tickets.at(-1)!.subject).toBe('Ticket 000');
    const seen = new Set([...one.tickets, ...two.tickets].map((ticket) => ticket.id));
    expect(seen.size).toBe(VIEW_PAGE_SIZE + 5);
    // A page past the end shows the last page.
    expect(listView(db, 'unassigned', who, 3, { sort: 'subject', dir: 'desc', page: 9 }, NOW).page).toBe(2);
  });

  it('sorts by resolution due time (whitelisted key), tickets without one last', () => {
    const admin = addUser(db, { name: 'Ada Admin', role: 'admin', present: false });
    const due = { Late: NOW + 3 * DAY, Soon: NOW + HOUR, Middle: NOW + DAY } as const;
    for (const [subject, at] of Object.entries(due)) {
      const { ticket } = newTicket(db, { subject });
      db.prepare('UPDATE tickets SET resolution_due = ? WHERE id = ?').run(at, ticket.id);
    }
    const legacy = newTicket(db, { subject: 'Legacy' }).ticket;
    db.prepare('UPDATE tickets SET resolution_due = NULL WHERE id = ?').run(legacy.id);
    const query = (search: string) => parseViewQuery('unassigned', new URLSearchParams(search), []);
    const subjects = (search: string) => listView(db, 'unassigned', agent(admin), 3, query(search), NOW).tickets.map((ticket) => ticket.subject);
    expect(query('sort=resolution')).toEqual({ sort: 'resolution', dir: 'asc', page: 1 });
    expect(subjects('sort=resolution')).toEqual(['Soon', 'Middle', 'Late', 'Legacy']);
    expect(subjects('sort=resolution&dir=desc')).toEqual(['Legacy', 'Late', 'Middle', 'Soon']);
    const listed = listView(db, 'unassigned', agent(admin), 3, query('sort=resolution'), NOW).tickets;
    expect(listed.map((ticket) => ticket.resolutionDue)).toEqual([due.Soon, due.Middle, due.Late, null]);
  });

  it('filters by text, priority and category from GET parameters', () => {
    const admin = addUser(db, { name: 'Ada Admin', role: 'admin', present: false });
    newTicket(db, { subject: 'Printer 100% broken', name: 'Rita Roles' });
    const b = newTicket(db, { subject: 'Export', category: 'export' }).ticket;
    placeTicket(db, b.id, { priority: 'urgent' });
    const query = (search: string) => parseViewQuery('unassigned', new URLSearchParams(search), ['export', 'invoices']);
    const subjects = (search: string) => listView(db, 'unassigned', agent(admin), 3, query(search), NOW).tickets.map((ticket) => ticket.subject);
    expect(subjects('q=100%25')).toEqual(['Printer 100% broken']);
    expect(subjects('q=rita')).toEqual(['Printer 100% broken']);
    expect(subjects('priority=urgent')).toEqual(['Export']);
    expect(subjects('category=export')).toEqual(['Export']);
    expect(query('sort=drop table&dir=sideways&page=-3&priority=x&category=y')).toEqual({ sort: 'due', dir: 'asc', page: 1 });
    expect(parseViewQuery('solved', new URLSearchParams(''), [])).toEqual({ sort: 'activity', dir: 'desc', page: 1 });
  });

  it('finds the next ticket in a view', () => {
    const first = addUser(db, { name: 'Fiona First', role: 'first_level', present: false });
    const a = newTicket(db, { subject: 'A' }, NOW).ticket;
    const b = newTicket(db, { subject: 'B' }, NOW + HOUR).ticket;
    placeTicket(db, a.id, { assigneeId: first });
    placeTicket(db, b.id, { assigneeId: first });
    expect(nextInView(db, 'mine', agent(first), 3, a.reference, NOW)).toBe(b.reference);
    expect(nextInView(db, 'mine', agent(first), 3, b.reference, NOW)).toBeNull();
  });
});
