/**
 * Satisfaction and resolution figures of /staff/insights, checked against a known history:
 * four tickets solved by first and second level over two weeks, rated (one rating changed),
 * one solved late, one open past its resolution due time.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { rangeOfDays } from '../../../src/lib/server/insights/range.ts';
import { computeSatisfaction } from '../../../src/lib/server/insights/satisfaction.ts';
import { findInsightTable } from '../../../src/lib/server/insights/sections.ts';
import { rateTicket } from '../../../src/lib/server/desk/rate-ticket.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import { takeTicket } from '../../../src/lib/server/desk/take-ticket.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { CONFIG, deskStaff, newTicket } from '../desk/fixture.ts';
import { ENGINES } from '../engines.ts';
import { useEngineHistory } from './engine-history.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Monday, 5 October 2026 (UTC). */
const BASE = Date.UTC(2026, 9, 5);
const RANGE = rangeOfDays(BASE / DAY, BASE / DAY + 13);

async function history(database: Database): Promise<{ first: number; second: number }> {
  const { first, second } = await deskStaff(database);
  const solveAt = async (ticket: { id: number; version: number }, at: number, actor = first) =>
    await solveTicket(database, { ticketId: ticket.id, actor, summary: 'Done.', expectedVersion: ticket.version, config: CONFIG, now: at });
  // Week 1: two first-level tickets (resolution due 120 h after creation: both on time).
  const a = await newTicket(database, {}, BASE + HOUR);
  const b = await newTicket(database, {}, BASE + 2 * HOUR);
  const takenA = await takeTicket(database, { ticketId: a.ticket.id, actor: first, expectedVersion: a.ticket.version, config: CONFIG, now: BASE + HOUR });
  await solveAt(takenA, BASE + DAY);
  const takenB = await takeTicket(database, { ticketId: b.ticket.id, actor: first, expectedVersion: b.ticket.version, config: CONFIG, now: BASE + 2 * HOUR });
  await solveAt(takenB, BASE + DAY);
  await rateTicket(database, { token: a.token, rating: 'good', now: BASE + 2 * DAY });
  await rateTicket(database, { token: b.token, rating: 'good', now: BASE + 2 * DAY });
  // …one rating changed in week 2: counts once, as bad, in week 2.
  await rateTicket(database, { token: b.token, rating: 'bad', comment: 'Came back.', now: BASE + 8 * DAY });
  // Week 2: a second-level ticket solved late (after 7 days), rated bad; another rated good.
  const c = await newTicket(database, {}, BASE + 7 * DAY);
  const takenC = await takeTicket(database, { ticketId: c.ticket.id, actor: first, expectedVersion: c.ticket.version, config: CONFIG, now: BASE + 7 * DAY });
  const upC = await escalateTicket(database, { ticketId: c.ticket.id, actor: first, reason: 'Needs level 2', expectedVersion: takenC.version, config: CONFIG, now: BASE + 7 * DAY + HOUR });
  const ownC = await takeTicket(database, { ticketId: c.ticket.id, actor: second, expectedVersion: upC.version, config: CONFIG, now: BASE + 7 * DAY + 2 * HOUR });
  await solveAt(ownC, BASE + 13 * DAY, second);
  await rateTicket(database, { token: c.token, rating: 'bad', now: BASE + 13 * DAY + HOUR });
  const d = await newTicket(database, {}, BASE + 8 * DAY);
  const takenD = await takeTicket(database, { ticketId: d.ticket.id, actor: first, expectedVersion: d.ticket.version, config: CONFIG, now: BASE + 8 * DAY });
  const upD = await escalateTicket(database, { ticketId: d.ticket.id, actor: first, reason: 'Needs level 2', expectedVersion: takenD.version, config: CONFIG, now: BASE + 8 * DAY });
  const ownD = await takeTicket(database, { ticketId: d.ticket.id, actor: second, expectedVersion: upD.version, config: CONFIG, now: BASE + 8 * DAY });
  await solveAt(ownD, BASE + 9 * DAY, second);
  await rateTicket(database, { token: d.token, rating: 'good', comment: 'Thanks', now: BASE + 9 * DAY });
  // Open since day 2: resolution (120 h) overdue from day 7 on.
  await newTicket(database, {}, BASE + 2 * DAY);
  return { first: first.id, second: second.id };
}

describe.each(ENGINES)('satisfaction on %s', (engine) => {
  const env = useEngineHistory(engine);

  it('counts ratings per level, per agent and per week, and resolution in time', async () => {
    const { first, second } = await history(env.current.database);
    const figures = await computeSatisfaction(env.current.database, RANGE, BASE + 14 * DAY);
    expect(figures.total).toEqual({ good: 2, bad: 2, shareGood: 0.5 });
    expect(figures.byLevel).toEqual({ 1: { good: 1, bad: 1, shareGood: 0.5 }, 2: { good: 1, bad: 1, shareGood: 0.5 }, 3: { good: 0, bad: 0, shareGood: null } });
    expect(figures.byAgent).toEqual([
      { agentId: first, agentName: 'Fiona First', good: 1, bad: 1, shareGood: 0.5 },
      { agentId: second, agentName: 'Sam Second', good: 1, bad: 1, shareGood: 0.5 },
    ]);
    expect(figures.byWeek).toEqual([
      { week: '2026-10-05', good: 1, bad: 0, shareGood: 1 },
      { week: '2026-10-12', good: 1, bad: 2, shareGood: 1 / 3 },
    ]);
    expect(figures.resolution).toEqual({ solved: 4, onTime: 3, shareOnTime: 0.75, overdueNow: 1 });
  });

  it('gives the same figures in the tables (and the CSV export)', async () => {
    await history(env.current.database);
    const table = (await findInsightTable(env.current.database, RANGE, { now: BASE + 14 * DAY, articles: [], curriculum: [] }, 'satisfaction-level', 'en'))!;
    expect(table.rows).toEqual([
      ['Level 1', 1, 1, 0.5],
      ['Level 2', 1, 1, 0.5],
      ['Level 3', 0, 0, null],
    ]);
  });
});
