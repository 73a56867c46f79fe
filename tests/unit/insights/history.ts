/**
 * A known history for the insights figures, written through the domain functions (as the
 * portal writes it): searches with and without visit ids, clicks, "this answered my
 * question", tickets with first responses, escalations 1 → 2 → 3, a hand-back, solutions,
 * article reuse, views, votes and flags, over two ISO weeks starting on a Monday, plus a
 * few events just outside. `EXPECTED` holds every figure the page shows for the range
 * `base` … `base + 13 days`, worked out by hand (the comments say how).
 *
 * Used by tests/unit/insights.test.ts and, through runNode, by tests/e2e/insights.spec.ts
 * (so: erasable TypeScript only, imports with .ts extensions).
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { logSearch, logSearchClick, recordArticleView } from '../../../src/lib/server/search/analytics.ts';
import { recordDeflection } from '../../../src/lib/server/desk/deflections.ts';
import { DEFAULT_DESK_CONFIG } from '../../../src/lib/server/desk/desk-config.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { linkArticle } from '../../../src/lib/server/desk/link-article.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { setPriority } from '../../../src/lib/server/desk/set-priority.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import type { Actor, Ticket } from '../../../src/lib/server/desk/types.ts';
import { hashVoterId, newVoterId } from '../../../src/lib/server/knowledge/article-feedback.ts';

/** The default desk, except that second level moves tickets to the specialists (this history escalates to level 3). */
const CONFIG = { ...DEFAULT_DESK_CONFIG, specialistOwnership: true };

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Where the history goes: a Monday (UTC midnight), three article slugs, and a tag for unique e-mails and visit ids. */
export interface HistoryOptions {
  base: number;
  slugs: [string, string, string];
  run: string;
}

/** Writes the history; returns the references of the tickets by name. */
export async function seedInsightsHistory(database: Database, { base, slugs, run }: HistoryOptions): Promise<Record<string, string>> {
  const at = (day: number, hour: number, minute = 0, second = 0): number => base + day * DAY + hour * HOUR + minute * MINUTE + second * 1000;
  const visit = (name: string): string => createHash('md5').update(`${run}:${name}`).digest('hex');
  const user = async (name: string, role: string, areas: string[] = []): Promise<Actor> => {
    const { id } = await database.kysely
      .insertInto('users')
      .values({ email: `history.${name.toLowerCase()}.${run}@tierzero.test`, name: `Insights ${name}`, role, password_hash: 'not-a-real-hash', present: 0, created_at: base })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const area of areas) await database.kysely.insertInto('user_areas').values({ user_id: id, category: area }).execute();
    return { id, role: role as Actor['role'], areas };
  };
  const first = await user('First', 'first_level');
  const second = await user('Second', 'second_level');
  const third = await user('Third', 'third_level', ['invoices']);
  const form = (subject: string, extra: { visitId?: string; sourceQuery?: string; lang?: 'de' | 'en' } = {}) => ({
    name: 'Insa Insights',
    email: 'insa@example.com',
    subject,
    description: 'A ticket of the insights history.',
    category: 'invoices',
    lang: extra.lang ?? ('de' as const),
    visitId: extra.visitId,
    sourceQuery: extra.sourceQuery,
  });
  const open = async (subject: string, when: number, extra?: Parameters<typeof form>[1]): Promise<Ticket> => (await createTicket(database, { input: form(subject, extra), config: CONFIG, now: when })).ticket;
  const noop = (): number => 0;

  // --- Self-service -------------------------------------------------------------------
  // Outside the range: a search the day before and the day after the two weeks.
  await logSearch(database, { query: 'Mahnung', lang: 'de', resultCount: 0, source: 'page', at: at(-1, 12) });
  await logSearch(database, { query: 'Mahnung', lang: 'de', resultCount: 0, source: 'page', at: at(14, 10) });
  // Day 0, visit A: a search followed by a click one minute later, then one without a result; no ticket.
  await logSearch(database, { query: 'Rechnung Storno', lang: 'de', resultCount: 3, source: 'instant', visitId: visit('A'), at: at(0, 10) });
  await logSearchClick(database, { query: 'rechnung storno', slug: slugs[0], lang: 'de', visitId: visit('A'), at: at(0, 10, 1) });
  await logSearch(database, { query: 'mahnung', lang: 'de', resultCount: 0, source: 'page', visitId: visit('A'), at: at(0, 10, 5) });
  // Day 1, visit B: searches, no click, opens a ticket (S1).
  await logSearch(database, { query: 'Passwort', lang: 'de', resultCount: 2, source: 'page', visitId: visit('B'), at: at(1, 9) });
  const s1 = await open('Passwort vergessen', at(1, 9, 10), { visitId: visit('B') });
  // Day 1, visit C: only "this answered my question".
  await recordDeflection(database, { query: 'beleg hochladen', articleSlug: slugs[1], lang: 'de', visitId: visit('C'), at: at(1, 12) });
  // Day 2, no JavaScript: a search, an "answered" and a ticket from a search (S2), none with a visit id.
  await logSearch(database, { query: 'DATEV export', lang: 'en', resultCount: 4, source: 'page', at: at(2, 9) });
  await recordDeflection(database, { query: 'datev export', articleSlug: slugs[2], lang: 'en', at: at(2, 9, 30) });
  const s2 = await open('Mahnung mit Gebühr', at(2, 10), { sourceQuery: 'Mahnung  Gebühr' });
  // Day 3, visit D: the click arrives 30 s before the instant search's log entry; it still counts.
  await logSearchClick(database, { query: 'sepa mandat', slug: slugs[1], lang: 'de', visitId: visit('D'), at: at(3, 10) });
  await logSearch(database, { query: 'SEPA Mandat', lang: 'de', resultCount: 1, source: 'instant', visitId: visit('D'), at: at(3, 10, 0, 30) });
  // Day 7, visit E: the same search twice without a result (counted once: a visit's repeated
  // identical query counts once, issue 18), then a ticket (S3).
  await logSearch(database, { query: 'mahnung', lang: 'de', resultCount: 0, source: 'page', visitId: visit('E'), at: at(7, 10) });
  await logSearch(database, { query: 'Mahnung', lang: 'de', resultCount: 0, source: 'instant', visitId: visit('E'), at: at(7, 10, 1) });
  const s3 = await open('Mahnung kommt nicht an', at(7, 10, 5), { visitId: visit('E') });
  // Day 8, visit F: a click 45 minutes later is too late to follow the search.
  await logSearch(database, { query: 'export', lang: 'en', resultCount: 5, source: 'page', visitId: visit('F'), at: at(8, 10) });
  await logSearchClick(database, { query: 'export', slug: slugs[2], lang: 'en', visitId: visit('F'), at: at(8, 10, 45) });

  // --- Tickets ------------------------------------------------------------------------
  let t = s1;
  t = await replyToCustomer(database, { ticketId: t.id, actor: first, body: 'Hallo', expectedVersion: t.version, config: CONFIG, now: at(1, 10, 10) });
  await solveTicket(database, { ticketId: t.id, actor: first, summary: 'Passwort zurückgesetzt', expectedVersion: t.version, config: CONFIG, now: at(2, 9, 10) });
  t = s2;
  await replyToCustomer(database, { ticketId: t.id, actor: first, body: 'Hallo', expectedVersion: t.version, config: CONFIG, now: at(2, 12) });
  t = s3;
  await replyToCustomer(database, { ticketId: t.id, actor: first, body: 'Hallo', expectedVersion: t.version, config: CONFIG, now: at(7, 13, 5) });
  // T5: opened the day before the range, escalated on day 0, an article linked on day 0.
  const t5 = await open('Vor dem Zeitraum', at(-1, 8));
  t = await replyToCustomer(database, { ticketId: t5.id, actor: first, body: 'Hallo', expectedVersion: t5.version, config: CONFIG, now: at(-1, 9) });
  t = await escalateTicket(database, { ticketId: t.id, actor: first, reason: 'needs level 2', expectedVersion: t.version, config: CONFIG, now: at(0, 9), random: noop });
  await linkArticle(database, { ticketId: t.id, actor: second, articleSlug: slugs[1], expectedVersion: t.version, config: CONFIG, now: at(0, 10) });
  // T1: answered after 2 h, solved after 4 h at level 1 with article 0.
  const t1 = await open('Rechnungsnummer', at(0, 8));
  t = await replyToCustomer(database, { ticketId: t1.id, actor: first, body: 'Hallo', expectedVersion: t1.version, config: CONFIG, now: at(0, 10) });
  await solveTicket(database, { ticketId: t.id, actor: first, articleSlug: slugs[0], expectedVersion: t.version, config: CONFIG, now: at(0, 12) });
  // T2: high priority, answered after 1 h, escalated, solved at level 2 after 24 h.
  const t2 = await open('Bankabgleich', at(1, 8));
  t = await setPriority(database, { ticketId: t2.id, actor: first, priority: 'high', expectedVersion: t2.version, config: CONFIG, now: at(1, 8, 30) });
  t = await replyToCustomer(database, { ticketId: t.id, actor: first, body: 'Hallo', expectedVersion: t.version, config: CONFIG, now: at(1, 9) });
  t = await escalateTicket(database, { ticketId: t.id, actor: first, reason: 'bank', expectedVersion: t.version, config: CONFIG, now: at(1, 10), random: noop });
  await solveTicket(database, { ticketId: t.id, actor: second, summary: 'Abgleich repariert', expectedVersion: t.version, config: CONFIG, now: at(2, 8) });
  // T3: escalated 1 → 2 → 3 without an answer, handed back to 2, answered after 25 h, solved after 48 h with article 0.
  const t3 = await open('Export bricht ab', at(1, 9));
  t = await escalateTicket(database, { ticketId: t3.id, actor: first, reason: 'export', expectedVersion: t3.version, config: CONFIG, now: at(1, 10), random: noop });
  t = await escalateTicket(database, { ticketId: t.id, actor: second, reason: 'specialist', expectedVersion: t.version, config: CONFIG, now: at(1, 11), random: noop });
  t = await handBackTicket(database, { ticketId: t.id, actor: third, guidance: 'do this', expectedVersion: t.version, config: CONFIG, now: at(2, 9), random: noop });
  t = await replyToCustomer(database, { ticketId: t.id, actor: second, body: 'Hallo', expectedVersion: t.version, config: CONFIG, now: at(2, 10) });
  await solveTicket(database, { ticketId: t.id, actor: second, articleSlug: slugs[0], expectedVersion: t.version, config: CONFIG, now: at(3, 9) });
  // T4: urgent (first response due after 2 h) and never answered: overdue.
  const t4 = await open('Dringend', at(7, 8));
  await setPriority(database, { ticketId: t4.id, actor: first, priority: 'urgent', expectedVersion: t4.version, config: CONFIG, now: at(7, 8, 10) });

  // --- Articles -----------------------------------------------------------------------
  for (let i = 0; i < 3; i++) await recordArticleView(database, slugs[0], at(0, 12));
  for (let i = 0; i < 2; i++) await recordArticleView(database, slugs[0], at(13, 12));
  for (let i = 0; i < 4; i++) await recordArticleView(database, slugs[1], at(5, 12));
  await recordArticleView(database, slugs[2], at(14, 12));
  for (let i = 0; i < 6; i++) await recordArticleView(database, slugs[2], at(-1, 12));
  const vote = async (slug: string, helpful: boolean, day: number, comment: string | null = null): Promise<void> => {
    // The row recordFeedback writes for a first vote (written directly: the history's times are fixed).
    await database.kysely
      .insertInto('article_feedback')
      .values({ article_slug: slug, helpful: helpful ? 1 : 0, comment, voter_hash: hashVoterId(newVoterId()), lang: 'de', created_at: at(day, 15) })
      .execute();
  };
  await vote(slugs[0], true, 0);
  await vote(slugs[0], true, 1);
  await vote(slugs[0], true, 2);
  await vote(slugs[0], false, 3, 'Schritt 3 ist unklar');
  await vote(slugs[1], false, 4, 'Veraltete Bildschirmfotos');
  await vote(slugs[1], false, 5);
  await vote(slugs[1], true, 6);
  await vote(slugs[2], true, 7);
  await vote(slugs[2], true, 8);
  await vote(slugs[2], false, -1);
  // The rows flagArticle and resolveFlag write (written directly: the history's times are fixed).
  const flag = async (slug: string, reason: string, comment: string, userId: number, when: number): Promise<number> =>
    (await database.kysely.insertInto('article_flags').values({ article_slug: slug, reason, comment, flagged_by: userId, created_at: when }).returning('id').executeTakeFirstOrThrow()).id;
  await flag(slugs[1], 'outdated', 'Alte Maske', second.id, at(2, 11));
  await flag(slugs[1], 'wrong', 'Falscher Pfad', first.id, at(3, 11));
  const dismissed = await flag(slugs[2], 'unclear', 'Unklar', first.id, at(4, 11));
  await database.kysely.updateTable('article_flags').set({ resolved_at: at(5, 11), resolved_by: second.id, resolution: 'dismissed', resolution_note: 'Ist klar' }).where('id', '=', dismissed).execute();

  return { s1: s1.reference, s2: s2.reference, s3: s3.reference, t1: t1.reference, t2: t2.reference, t3: t3.reference, t4: t4.reference, t5: t5.reference };
}

const H = HOUR;

/** The figures for the range base … base + 13 days, worked out by hand from the history above. */
export const EXPECTED = {
  selfService: {
    // searches d0: 2 (A), d1: 1 (B), d2: 1, d3: 1 (D), d7: 1 (E, its repeat not counted), d8: 1 (F); none on d-1 and d14 counted
    totals: {
      searches: 7,
      noResult: 2,
      noResultShare: 2 / 7,
      withVisit: 6,
      clicked: 2,
      clickShare: 2 / 6,
      // visits A, C, D, F + the "answered" without a visit
      selfServed: 5,
      // visits B, E + form tickets without a visit: S2, T1, T2, T3, T4
      ticketed: 7,
      deflectionRate: 5 / 12,
    },
    answeredClicks: 2,
    days: {
      0: { searches: 2, noResult: 1, withVisit: 2, clicked: 1 },
      1: { searches: 1, noResult: 0, withVisit: 1, clicked: 0 },
      2: { searches: 1, noResult: 0, withVisit: 0, clicked: 0 },
      3: { searches: 1, noResult: 0, withVisit: 1, clicked: 1 },
      7: { searches: 1, noResult: 1, withVisit: 1, clicked: 0 },
      8: { searches: 1, noResult: 0, withVisit: 1, clicked: 0 },
    } as Record<number, { searches: number; noResult: number; withVisit: number; clicked: number }>,
    weeks: [
      // week 1: visits A, C, D + 1 answered without visit; B + S2, T1, T2, T3
      { searches: 5, noResultShare: 1 / 5, clickShare: 2 / 4, selfServed: 4, ticketed: 5, deflectionRate: 4 / 9 },
      // week 2: visit F; E + T4
      { searches: 2, noResultShare: 1 / 2, clickShare: 0, selfServed: 1, ticketed: 2, deflectionRate: 1 / 3 },
    ],
  },
  contentGaps: {
    noResult: [{ query: 'mahnung', lang: 'de', count: 2 }],
    beforeTicket: [
      { query: 'mahnung', lang: 'de', count: 1 },
      { query: 'mahnung gebühr', lang: 'de', count: 1 },
      { query: 'passwort', lang: 'de', count: 1 },
    ],
  },
  tickets: {
    days: {
      0: { opened: 1, solved: { 1: 1, 2: 0, 3: 0 }, escalated12: 1, escalated23: 0 },
      1: { opened: 3, solved: { 1: 0, 2: 0, 3: 0 }, escalated12: 2, escalated23: 1 },
      2: { opened: 1, solved: { 1: 1, 2: 1, 3: 0 }, escalated12: 0, escalated23: 0 },
      3: { opened: 0, solved: { 1: 0, 2: 1, 3: 0 }, escalated12: 0, escalated23: 0 },
      7: { opened: 2, solved: { 1: 0, 2: 0, 3: 0 }, escalated12: 0, escalated23: 0 },
    } as Record<number, { opened: number; solved: Record<1 | 2 | 3, number>; escalated12: number; escalated23: number }>,
    totals: { opened: 7, solved: { 1: 2, 2: 2, 3: 0 }, escalated12: 3, escalated23: 1 },
    escalation: { opened: 7, escalated12: 2, escalated23: 1, rate12: 2 / 7, rate23: 1 / 2 },
    // first responses (h): S1 1, S2 2, S3 3, T1 2, T2 1, T3 25; solutions (h): S1 24, T1 4, T2 24, T3 48
    byLevel: [
      { group: 'all', responded: 6, firstResponseMedian: 2 * H, firstResponseP90: 25 * H, solved: 4, solutionMedian: 24 * H, solutionP90: 48 * H },
      { group: '1', responded: 4, firstResponseMedian: 2 * H, firstResponseP90: 3 * H, solved: 2, solutionMedian: 14 * H, solutionP90: 24 * H },
      { group: '2', responded: 1, firstResponseMedian: 1 * H, firstResponseP90: 1 * H, solved: 1, solutionMedian: 24 * H, solutionP90: 24 * H },
      { group: '3', responded: 1, firstResponseMedian: 25 * H, firstResponseP90: 25 * H, solved: 1, solutionMedian: 48 * H, solutionP90: 48 * H },
    ],
    byPriority: [
      { group: 'low', responded: 0, firstResponseMedian: null, firstResponseP90: null, solved: 0, solutionMedian: null, solutionP90: null },
      { group: 'normal', responded: 5, firstResponseMedian: 2 * H, firstResponseP90: 25 * H, solved: 3, solutionMedian: 24 * H, solutionP90: 48 * H },
      { group: 'high', responded: 1, firstResponseMedian: 1 * H, firstResponseP90: 1 * H, solved: 1, solutionMedian: 24 * H, solutionP90: 24 * H },
      { group: 'urgent', responded: 0, firstResponseMedian: null, firstResponseP90: null, solved: 0, solutionMedian: null, solutionP90: null },
    ],
    overdue: { total: 1, level: 1 as const, priority: 'urgent' as const },
  },
  articles: {
    // views: slug 0: 3 on d0 + 2 on d13; slug 1: 4 on d5; slug 2 only outside
    mostViewed: [
      { slug: 0, count: 5 },
      { slug: 1, count: 4 },
    ],
    // links: slug 0 on T1 and T3, slug 1 on T5 (linked on d0)
    mostReused: [
      { slug: 0, count: 2 },
      { slug: 1, count: 1 },
    ],
    mostHelpful: [{ slug: 0, yes: 3, no: 1, comments: 1, share: 3 / 4 }],
    leastHelpful: [{ slug: 1, yes: 1, no: 2, comments: 1, share: 1 / 3 }],
    flags: [{ slug: 1, open: 2, outdated: 1, wrong: 1, unclear: 0, sinceDay: 2 }],
  },
};
