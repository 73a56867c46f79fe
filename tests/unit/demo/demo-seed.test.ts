/**
 * The demo seed's visits and web tickets, on a temp database with the real content folder:
 * the insights page has something to show (click share, deflection rate, content gaps before
 * a ticket, escalations 1 → 2 and 2 → 3), the desk has tickets in every state, the summaries
 * match a rebuild from the raw rows, nothing is left in the outbox, and DESK_LEVELS=2 works.
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { sqliteDatabase } from '../../../src/lib/server/platform/database/connect.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { isPublicArticle } from '../../../src/lib/server/search/search.ts';
import { parseDeskConfig, type DeskLevels } from '../../../src/lib/server/desk/desk-config.ts';
import { demoAccountsFor, seedDemoAccounts } from '../../../src/lib/server/demo/demo-accounts.ts';
import { seedDemoCalls } from '../../../src/lib/server/demo/demo-calls.ts';
import { seedDemoData, seedDemoVisits } from '../../../src/lib/server/demo/demo-visits.ts';
import { seedDemoTickets, type DemoTicketsResult } from '../../../src/lib/server/demo/demo-seed.ts';
import { DEMO_TICKETS } from '../../../src/lib/server/demo/demo-ticket-stories.ts';
import { selfServiceInsights } from '../../../src/lib/server/insights/self-service.ts';
import { ticketFlowInsights } from '../../../src/lib/server/insights/ticket-flow.ts';
import { contentGapInsights } from '../../../src/lib/server/insights/content-gaps.ts';
import { rebuildInsightSummaries } from '../../../src/lib/server/insights/summaries.ts';
import { lastDays } from '../../../src/lib/server/insights/range.ts';
import { draftArticleFromTicket } from '../../../src/lib/server/desk/ticket-article.ts';
import { isOverdue } from '../../../src/lib/server/desk/queues.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

/** A fixed "now": a Friday morning (UTC), so that the stories of "today" are partly in the future of midnight. */
const NOW = Date.UTC(2026, 10, 27, 9, 30);

let store: ArticleStore;
const opened: { db: Db; dir: string }[] = [];

beforeAll(async () => {
  store = new ArticleStore('content');
  await store.load();
});

afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    if (db.open) db.close();
    removeDir(dir);
  }
});

/** A fresh database with the demo data seeded as scripts/seed.ts does (with a fixed now). */
async function seeded(levels: DeskLevels, now = NOW): Promise<{ db: Db; web: DemoTicketsResult; visits: ReturnType<typeof seedDemoVisits> }> {
  const dir = makeTempDir('tierzero-demo-');
  const db = openDatabase(path.join(dir, 'data'));
  opened.push({ db, dir });
  const config = parseDeskConfig({ DESK_LEVELS: String(levels) });
  seedDemoData(db, store, now);
  const visits = seedDemoVisits(db, store, now);
  await seedDemoAccounts(sqliteDatabase(db), demoAccountsFor(levels), levels);
  seedDemoCalls(db, store, config, now);
  const web = seedDemoTickets(db, store, config, now);
  return { db, web, visits };
}

const count = (db: Db, sql: string, ...params: unknown[]): number => (db.prepare(sql).get(...params) as { n: number }).n;

describe('demo visits and web tickets', () => {
  it('give the insights page a click share, a deflection rate, content gaps before a ticket and escalations', async () => {
    const { db, visits } = await seeded(3);
    const range = lastDays(28, NOW);
    const self = (await selfServiceInsights(sqliteDatabase(db), range)).totals;
    expect(visits.clicks).toBeGreaterThan(0);
    expect(visits.deflections).toBeGreaterThan(0);
    expect(self.clickShare).not.toBeNull();
    expect(self.clickShare!).toBeGreaterThan(0.1);
    expect(self.deflectionRate).not.toBeNull();
    expect(self.deflectionRate!).toBeGreaterThan(0.5);
    expect(self.deflectionRate!).toBeLessThan(1);
    // Most searches belong to a visit.
    expect(self.withVisit / self.searches).toBeGreaterThan(0.5);
    expect((await selfServiceInsights(sqliteDatabase(db), range)).answeredClicks).toBe(visits.deflections);
    expect((await contentGapInsights(sqliteDatabase(db), range)).beforeTicket.length).toBeGreaterThan(0);
    const flow = await ticketFlowInsights(sqliteDatabase(db), range, NOW);
    expect(flow.totals.escalated12).toBeGreaterThan(0);
    expect(flow.totals.escalated23).toBeGreaterThan(0);
    expect(flow.overdue.total).toBeGreaterThanOrEqual(1);
    expect(flow.overdue.total).toBeLessThanOrEqual(3);
    // The summary tables are what a rebuild from the raw rows gives.
    const before = { self: await selfServiceInsights(sqliteDatabase(db), range), gaps: await contentGapInsights(sqliteDatabase(db), range) };
    await rebuildInsightSummaries(sqliteDatabase(db));
    expect(await selfServiceInsights(sqliteDatabase(db), range)).toEqual(before.self);
    expect(await contentGapInsights(sqliteDatabase(db), range)).toEqual(before.gaps);
  });

  it('fill the desk with web tickets in every state, by the demo agents, in German and English, and send no mail', async () => {
    const { db, web } = await seeded(3);
    const tickets = web.tickets;
    expect(tickets).toHaveLength(DEMO_TICKETS.length);
    expect(tickets.every((ticket) => ticket.channel === 'web' && ticket.customerEmail.endsWith('@example.com'))).toBe(true);
    expect(new Set(tickets.map((ticket) => ticket.lang))).toEqual(new Set(['de', 'en']));
    expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(new Set(['new', 'open', 'waiting', 'solved', 'closed']));
    expect(tickets.some((ticket) => ticket.status === 'new' && ticket.level === 1 && ticket.assigneeId === null && !isOverdue(ticket, NOW))).toBe(true);
    expect(tickets.filter((ticket) => isOverdue(ticket, NOW)).length).toBeGreaterThanOrEqual(1);
    expect(tickets.every((ticket) => ticket.createdAt >= NOW - 28 * 86_400_000 && ticket.createdAt < NOW)).toBe(true);
    const assignees = new Set(
      (db.prepare("SELECT DISTINCT u.email FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.channel = 'web'").all() as { email: string }[]).map((row) => row.email),
    );
    for (const agent of ['jonas.weber', 'lena.fischer', 'mara.keller', 'deniz.aydin']) expect(assignees).toContain(`${agent}@tallyhaus.example`);
    expect(tickets.some((ticket) => ticket.level === 3 && ticket.status === 'open')).toBe(true);
    expect(web.escalatedTo2).toBeGreaterThan(0);
    expect(web.escalatedTo3).toBeGreaterThan(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM ticket_events WHERE type = 'handed_back' AND from_value = '3' AND to_value = '2'")).toBeGreaterThan(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM ticket_events WHERE type = 'handed_back' AND from_value = '2' AND to_value = '1'")).toBeGreaterThan(0);
    // Solved tickets carry summaries or reused public articles.
    const done = tickets.filter((ticket) => ticket.status === 'solved' || ticket.status === 'closed');
    expect(done.every((ticket) => ticket.solution !== null || count(db, 'SELECT COUNT(*) AS n FROM ticket_articles WHERE ticket_id = ?', ticket.id) > 0)).toBe(true);
    const linked = db.prepare("SELECT DISTINCT article_slug AS slug FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id WHERE t.channel = 'web'").all() as { slug: string }[];
    expect(linked.length).toBeGreaterThanOrEqual(5);
    for (const { slug } of linked) expect(isPublicArticle(store.get(slug)!), slug).toBe(true);
    // Every step of every story ran (an article missing from the content would drop a link, not a step), in the past, in order.
    expect(count(db, 'SELECT COUNT(*) AS n FROM ticket_events WHERE created_at > ?', NOW)).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM ticket_events a JOIN ticket_events b ON a.ticket_id = b.ticket_id AND a.version < b.version AND a.created_at > b.created_at')).toBe(0);
    // No demo mail: nothing pending (or otherwise) in the outbox.
    expect(count(db, 'SELECT COUNT(*) AS n FROM outbox')).toBe(0);
  });

  it('include a solved ticket with a specialist\'s advice that makes a good article draft', async () => {
    const { db, web } = await seeded(3);
    const candidates = web.tickets.filter(
      (ticket) => ticket.status === 'solved' && count(db, "SELECT COUNT(*) AS n FROM ticket_events WHERE ticket_id = ? AND type = 'advice'", ticket.id) > 0,
    );
    expect(candidates.length).toBeGreaterThanOrEqual(1);
    const draft = draftArticleFromTicket(db, candidates[0].reference);
    expect(draft).not.toBeNull();
    expect(draft!.body).toContain('Invert for this account');
    // The names of the customer and the agents are taken out of the draft.
    expect(draft!.body).not.toContain('Emily');
    expect(draft!.body).not.toContain('Mara Keller');
  });

  it('keeps everything in the past when seeded just after midnight', async () => {
    const now = Date.UTC(2026, 10, 27, 0, 20);
    const { db, web } = await seeded(3, now);
    expect(web.tickets).toHaveLength(DEMO_TICKETS.length);
    for (const table of ['ticket_events', 'ticket_messages', 'search_log', 'search_click', 'deflections']) {
      expect(count(db, `SELECT COUNT(*) AS n FROM ${table} WHERE created_at > ?`, now), table).toBe(0);
    }
  });

  it('is deterministic', async () => {
    const rows = async (): Promise<unknown[]> => {
      const { db } = await seeded(3);
      return [
        db.prepare('SELECT reference, subject, status, level, assignee_id, priority, visit_id, created_at, updated_at, solution, version FROM tickets ORDER BY id').all(),
        db.prepare('SELECT ticket_id, type, from_value, to_value, created_at FROM ticket_events ORDER BY id').all(),
        db.prepare('SELECT query, visit_id, clicked, created_at FROM search_log ORDER BY id').all(),
        db.prepare('SELECT * FROM deflections ORDER BY id').all(),
      ];
    };
    expect(await rows()).toEqual(await rows());
  });

  it('work with two levels: no level 3, the specialist advises at level 2', async () => {
    const { db, web } = await seeded(2);
    expect(web.tickets).toHaveLength(DEMO_TICKETS.length);
    expect(web.escalatedTo2).toBeGreaterThan(0);
    expect(web.escalatedTo3).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM tickets WHERE level = 3')).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM ticket_events WHERE type = 'escalated' AND to_value = '3'")).toBe(0);
    const deniz = db.prepare("SELECT id, role FROM users WHERE email = 'deniz.aydin@tallyhaus.example'").get() as { id: number; role: string };
    expect(deniz.role).toBe('second_level');
    expect(count(db, "SELECT COUNT(*) AS n FROM ticket_messages WHERE kind = 'note' AND author_id = ?", deniz.id)).toBeGreaterThan(0);
    expect(new Set(web.tickets.map((ticket) => ticket.status))).toEqual(new Set(['new', 'open', 'waiting', 'solved', 'closed']));
    const flow = await ticketFlowInsights(sqliteDatabase(db), lastDays(28, NOW), NOW);
    expect(flow.totals.escalated12).toBeGreaterThan(0);
    expect(flow.totals.escalated23).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM outbox')).toBe(0);
  });
});
