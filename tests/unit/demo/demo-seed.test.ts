/**
 * The demo seed's visits and web tickets, on an empty database of each engine with the real content folder:
 * the insights page has something to show (click share, deflection rate, content gaps before
 * a ticket, escalations 1 → 2 and 2 → 3), the desk has tickets in every state, the summaries
 * match a rebuild from the raw rows, nothing is left in the outbox, and DESK_LEVELS=2 works.
 */
import { sql, type RawBuilder } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';
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

/** A fixed "now": a Friday morning (UTC), so that the stories of "today" are partly in the future of midnight. */
const NOW = Date.UTC(2026, 10, 27, 9, 30);

/** Seeding commits hundreds of times (each fsynced on SQLite): give a loaded machine time. */
const SEED_TIMEOUT = 90_000;

let store: ArticleStore;

beforeAll(async () => {
  store = new ArticleStore('content');
  await store.load();
});

describe.each(ENGINES)('demo visits and web tickets on %s', (engine) => {
  const env = useDatabase(engine, { each: true });

  /** An empty database with the demo data seeded as scripts/seed.ts does (with a fixed now). */
  async function seeded(levels: DeskLevels, now = NOW): Promise<{ database: Database; web: DemoTicketsResult; visits: Awaited<ReturnType<typeof seedDemoVisits>> }> {
    const { database } = await env.reset();
    const config = parseDeskConfig({ DESK_LEVELS: String(levels) });
    await seedDemoData(database, store, now);
    const visits = await seedDemoVisits(database, store, now);
    await seedDemoAccounts(database, demoAccountsFor(levels), levels);
    await seedDemoCalls(database, store, config, now);
    const web = await seedDemoTickets(database, store, config, now);
    return { database, web, visits };
  }

  /** The `n` of a `SELECT COUNT(*) AS n …` query. */
  const count = async (database: Database, query: RawBuilder<{ n: number }>): Promise<number> => Number((await query.execute(database.kysely)).rows[0]!.n);
  const rows = async (database: Database, query: RawBuilder<Record<string, unknown>>): Promise<Record<string, unknown>[]> => (await query.execute(database.kysely)).rows;

  it('give the insights page a click share, a deflection rate, content gaps before a ticket and escalations', { timeout: SEED_TIMEOUT }, async () => {
    const { database, visits } = await seeded(3);
    const range = lastDays(28, NOW);
    const self = (await selfServiceInsights(database, range)).totals;
    expect(visits.clicks).toBeGreaterThan(0);
    expect(visits.deflections).toBeGreaterThan(0);
    expect(self.clickShare).not.toBeNull();
    expect(self.clickShare!).toBeGreaterThan(0.1);
    expect(self.deflectionRate).not.toBeNull();
    expect(self.deflectionRate!).toBeGreaterThan(0.5);
    expect(self.deflectionRate!).toBeLessThan(1);
    // Most searches belong to a visit.
    expect(self.withVisit / self.searches).toBeGreaterThan(0.5);
    expect((await selfServiceInsights(database, range)).answeredClicks).toBe(visits.deflections);
    expect((await contentGapInsights(database, range)).beforeTicket.length).toBeGreaterThan(0);
    const flow = await ticketFlowInsights(database, range, NOW);
    expect(flow.totals.escalated12).toBeGreaterThan(0);
    expect(flow.totals.escalated23).toBeGreaterThan(0);
    expect(flow.overdue.total).toBeGreaterThanOrEqual(1);
    expect(flow.overdue.total).toBeLessThanOrEqual(3);
    // The summary tables are what a rebuild from the raw rows gives.
    const before = { self: await selfServiceInsights(database, range), gaps: await contentGapInsights(database, range) };
    await rebuildInsightSummaries(database);
    expect(await selfServiceInsights(database, range)).toEqual(before.self);
    expect(await contentGapInsights(database, range)).toEqual(before.gaps);
  });

  it('fill the desk with web tickets in every state, by the demo agents, in German and English, and send no mail', { timeout: SEED_TIMEOUT }, async () => {
    const { database, web } = await seeded(3);
    const tickets = web.tickets;
    expect(tickets).toHaveLength(DEMO_TICKETS.length);
    expect(tickets.every((ticket) => ticket.channel === 'web' && ticket.customerEmail.endsWith('@example.com'))).toBe(true);
    expect(new Set(tickets.map((ticket) => ticket.lang))).toEqual(new Set(['de', 'en']));
    expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(new Set(['new', 'open', 'waiting', 'solved', 'closed']));
    expect(tickets.some((ticket) => ticket.status === 'new' && ticket.level === 1 && ticket.assigneeId === null && !isOverdue(ticket, NOW))).toBe(true);
    expect(tickets.filter((ticket) => isOverdue(ticket, NOW)).length).toBeGreaterThanOrEqual(1);
    expect(tickets.every((ticket) => ticket.createdAt >= NOW - 28 * 86_400_000 && ticket.createdAt < NOW)).toBe(true);
    const assignees = new Set(
      (await rows(database, sql`SELECT DISTINCT u.email FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.channel = 'web'`)).map((row) => row.email),
    );
    for (const agent of ['jonas.weber', 'lena.fischer', 'mara.keller', 'deniz.aydin']) expect(assignees).toContain(`${agent}@tallyhaus.example`);
    expect(tickets.some((ticket) => ticket.level === 3 && ticket.status === 'open')).toBe(true);
    expect(web.escalatedTo2).toBeGreaterThan(0);
    expect(web.escalatedTo3).toBeGreaterThan(0);
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM ticket_events WHERE type = 'handed_back' AND from_value = '3' AND to_value = '2'`)).toBeGreaterThan(0);
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM ticket_events WHERE type = 'handed_back' AND from_value = '2' AND to_value = '1'`)).toBeGreaterThan(0);
    // Solved tickets carry summaries or reused public articles.
    const done = tickets.filter((ticket) => ticket.status === 'solved' || ticket.status === 'closed');
    for (const ticket of done) {
      expect(ticket.solution !== null || (await count(database, sql`SELECT COUNT(*) AS n FROM ticket_articles WHERE ticket_id = ${ticket.id}`)) > 0, ticket.reference).toBe(true);
    }
    const linked = await rows(database, sql`SELECT DISTINCT article_slug AS slug FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id WHERE t.channel = 'web'`);
    expect(linked.length).toBeGreaterThanOrEqual(5);
    for (const { slug } of linked as { slug: string }[]) expect(isPublicArticle(store.get(slug)!), slug).toBe(true);
    // Every step of every story ran (an article missing from the content would drop a link, not a step), in the past, in order.
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM ticket_events WHERE created_at > ${NOW}`)).toBe(0);
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM ticket_events a JOIN ticket_events b ON a.ticket_id = b.ticket_id AND a.version < b.version AND a.created_at > b.created_at`)).toBe(0);
    // No demo mail: nothing pending (or otherwise) in the outbox.
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM outbox`)).toBe(0);
  });

  it('include a solved ticket with a specialist\'s advice that makes a good article draft', { timeout: SEED_TIMEOUT }, async () => {
    const { database, web } = await seeded(3);
    const candidates = [];
    for (const ticket of web.tickets) {
      if (ticket.status === 'solved' && (await count(database, sql`SELECT COUNT(*) AS n FROM ticket_events WHERE ticket_id = ${ticket.id} AND type = 'advice'`)) > 0) candidates.push(ticket);
    }
    expect(candidates.length).toBeGreaterThanOrEqual(1);
    const draft = await draftArticleFromTicket(database, candidates[0].reference);
    expect(draft).not.toBeNull();
    expect(draft!.body).toContain('Invert for this account');
    // The names of the customer and the agents are taken out of the draft.
    expect(draft!.body).not.toContain('Emily');
    expect(draft!.body).not.toContain('Mara Keller');
  });

  it('keeps everything in the past when seeded just after midnight', { timeout: SEED_TIMEOUT }, async () => {
    const now = Date.UTC(2026, 10, 27, 0, 20);
    const { database, web } = await seeded(3, now);
    expect(web.tickets).toHaveLength(DEMO_TICKETS.length);
    for (const table of ['ticket_events', 'ticket_messages', 'search_log', 'search_click', 'deflections']) {
      expect(await count(database, sql`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE created_at > ${now}`), table).toBe(0);
    }
  });

  it('is deterministic', { timeout: SEED_TIMEOUT }, async () => {
    // Ids are replaced by what they stand for (PostgreSQL's identities keep counting across the two seeds).
    const snapshot = async (): Promise<unknown[]> => {
      const { database } = await seeded(3);
      const emails = new Map((await database.kysely.selectFrom('users').select(['id', 'email']).execute()).map((user) => [String(user.id), user.email]));
      return [
        await rows(
          database,
          sql`SELECT t.reference, t.subject, t.status, t.level, u.email AS assignee, t.priority, t.visit_id, t.created_at, t.updated_at, t.solution, t.version FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id ORDER BY t.id`,
        ),
        // An assignment event's values are user ids: compared as the users' addresses.
        (await rows(database, sql`SELECT t.reference, e.type, e.from_value, e.to_value, e.created_at FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id ORDER BY e.id`)).map((event) =>
          event.type === 'assigned' ? { ...event, from_value: emails.get(String(event.from_value)) ?? event.from_value, to_value: emails.get(String(event.to_value)) ?? event.to_value } : event,
        ),
        await rows(database, sql`SELECT query, visit_id, clicked, created_at FROM search_log ORDER BY id`),
        (await rows(database, sql`SELECT * FROM deflections ORDER BY id`)).map(({ id: _id, ...row }) => row),
      ];
    };
    expect(await snapshot()).toEqual(await snapshot());
  });

  it('work with two levels: no level 3, the specialist advises at level 2', { timeout: SEED_TIMEOUT }, async () => {
    const { database, web } = await seeded(2);
    expect(web.tickets).toHaveLength(DEMO_TICKETS.length);
    expect(web.escalatedTo2).toBeGreaterThan(0);
    expect(web.escalatedTo3).toBe(0);
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM tickets WHERE level = 3`)).toBe(0);
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM ticket_events WHERE type = 'escalated' AND to_value = '3'`)).toBe(0);
    const deniz = await database.kysely.selectFrom('users').select(['id', 'role']).where('email', '=', 'deniz.aydin@tallyhaus.example').executeTakeFirstOrThrow();
    expect(deniz.role).toBe('second_level');
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM ticket_messages WHERE kind = 'note' AND author_id = ${deniz.id}`)).toBeGreaterThan(0);
    expect(new Set(web.tickets.map((ticket) => ticket.status))).toEqual(new Set(['new', 'open', 'waiting', 'solved', 'closed']));
    const flow = await ticketFlowInsights(database, lastDays(28, NOW), NOW);
    expect(flow.totals.escalated12).toBeGreaterThan(0);
    expect(flow.totals.escalated23).toBe(0);
    expect(await count(database, sql`SELECT COUNT(*) AS n FROM outbox`)).toBe(0);
  });
});
