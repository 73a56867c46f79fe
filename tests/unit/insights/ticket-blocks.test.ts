/**
 * The ticket figures' remembered days (ticket-blocks.ts, migration 24): after every kind of
 * ticket change — created, answered, escalated, solved, reopened, closed, written straight
 * into the rows on either engine — the figures of a range equal the ones read afresh from
 * the rows, with the desk's days in a zone whose midnights are not UTC's (so the range has
 * partial days at its edges and whole remembered days in between). Plus the exact selection
 * of medians and percentiles that replaced the sort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from '../engines.ts';
import { rangeOfDays } from '../../../src/lib/server/insights/range.ts';
import { setDeskDayZone, deskDayZone } from '../../../src/lib/server/insights/desk-days.ts';
import { forgetTicketMaterial } from '../../../src/lib/server/insights/ticket-blocks.ts';
import { ticketFlowInsights, type TicketFlow } from '../../../src/lib/server/insights/ticket-flow.ts';
import { median, medianAndPercentile, percentile } from '../../../src/lib/server/insights/stats.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Monday, 5 October 2026 (UTC); the range is the 14 Berlin days from it. */
const BASE = Date.UTC(2026, 9, 5);
const RANGE = rangeOfDays(BASE / DAY, BASE / DAY + 13);
const NOW = BASE + 20 * DAY;

let zoneBefore: string;
beforeAll(() => {
  zoneBefore = deskDayZone();
  setDeskDayZone('Europe/Berlin');
});
afterAll(() => setDeskDayZone(zoneBefore));

/** Writes tickets and their events straight into the rows, as the desk's commands do. */
function desk(database: Database) {
  const db = database.kysely;
  let sequence = 0;
  const event = (ticketId: number, type: string, from: string | null, to: string | null, at: number, level: number) =>
    db.insertInto('ticket_events').values({ ticket_id: ticketId, actor_id: null, type, from_value: from, to_value: to, detail: null, created_at: at, version: 1, level }).execute();
  return {
    async create(at: number, priority: 'low' | 'normal' | 'high' | 'urgent' = 'normal'): Promise<number> {
      sequence++;
      const { id } = await db
        .insertInto('tickets')
        .values({
          reference: `T-BLOCK-${sequence}-${Math.random().toString(36).slice(2)}`,
          token_hash: `hash-${sequence}-${Math.random()}`,
          customer_name: 'Kunde',
          customer_email: 'kunde@example.com',
          subject: `Ticket ${sequence}`,
          category: 'invoices',
          lang: 'de',
          priority,
          created_at: at,
          updated_at: at,
          first_response_due: at + 8 * HOUR,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await event(Number(id), 'created', null, 'new', at, 1);
      return Number(id);
    },
    async respond(id: number, at: number): Promise<void> {
      await db.updateTable('tickets').set({ first_response_at: at, status: 'open', updated_at: at }).where('id', '=', id).execute();
      await event(id, 'reply', null, null, at, 1);
    },
    async escalate(id: number, at: number, to: 2 | 3): Promise<void> {
      await db.updateTable('tickets').set({ level: to, updated_at: at }).where('id', '=', id).execute();
      await event(id, 'escalated', String(to - 1), String(to), at, to);
    },
    async solve(id: number, at: number, level = 1): Promise<void> {
      await db.updateTable('tickets').set({ status: 'solved', solved_at: at, updated_at: at }).where('id', '=', id).execute();
      await event(id, 'status', 'open', 'solved', at, level);
    },
    async reopen(id: number, at: number, level = 1): Promise<void> {
      await db.updateTable('tickets').set({ status: 'open', solved_at: null, updated_at: at }).where('id', '=', id).execute();
      await event(id, 'status', 'solved', 'open', at, level);
    },
    async close(id: number, at: number, level = 1): Promise<void> {
      await db.updateTable('tickets').set({ status: 'closed', closed_at: at, updated_at: at }).where('id', '=', id).execute();
      await event(id, 'status', 'solved', 'closed', at, level);
    },
  };
}

describe.each(ENGINES)('remembered ticket days on %s', (engine) => {
  const env = useDatabase(engine);
  const figures = (): Promise<TicketFlow> => ticketFlowInsights(env.current.database, RANGE, NOW);
  /** The figures from what is remembered, checked against the figures read afresh from the rows. */
  const checked = async (): Promise<TicketFlow> => {
    const remembered = await figures();
    forgetTicketMaterial(env.current.database);
    expect(remembered).toEqual(await figures());
    return remembered;
  };
  const block = async (at: number): Promise<number> =>
    Number((await env.current.database.kysely.selectFrom('insight_ticket_block').select('version').where('block', '=', Math.floor(at / DAY)).executeTakeFirst())?.version ?? 0);

  it('stay equal to the rows through create, answer, escalate, solve, reopen and close', async () => {
    const tickets = desk(env.current.database);
    // The range's first and last Berlin days begin at 22:00 UTC the day before: partial UTC days at both edges.
    const first = await tickets.create(BASE - 90 * 60_000, 'high');
    const second = await tickets.create(BASE + 4 * DAY + 10 * HOUR);
    await tickets.respond(first, BASE + 2 * HOUR);
    let flow = await checked();
    expect(flow.days[0].opened).toBe(1);
    expect(flow.escalation.opened).toBe(2);
    expect(flow.byLevel[0]).toMatchObject({ responded: 1, firstResponseMedian: 3.5 * HOUR, solved: 0, solutionMedian: null });

    // Created on a day that is remembered now.
    const before = await block(BASE + 2 * DAY);
    const third = await tickets.create(BASE + 2 * DAY + 12 * HOUR, 'urgent');
    expect(await block(BASE + 2 * DAY)).toBeGreaterThan(before);
    flow = await checked();
    expect(flow.days[2].opened).toBe(1);
    expect(flow.totals.opened).toBe(3);

    // Answered and escalated days later: the days of the tickets' creation change too.
    await tickets.respond(second, BASE + 5 * DAY);
    await tickets.respond(third, BASE + 2 * DAY + 13 * HOUR);
    await tickets.escalate(second, BASE + 6 * DAY, 2);
    await tickets.escalate(second, BASE + 7 * DAY, 3);
    flow = await checked();
    expect(flow.escalation).toMatchObject({ opened: 3, escalated12: 1, escalated23: 1 });
    expect(flow.days[6].escalated12).toBe(1);
    expect(flow.days[7].escalated23).toBe(1);
    expect(flow.byLevel[3]).toMatchObject({ group: '3', responded: 1, firstResponseMedian: 14 * HOUR });

    // Solved, reopened (no solution time any more; the solution that day still counts), solved again, closed.
    await tickets.solve(first, BASE + 3 * DAY);
    flow = await checked();
    expect(flow.days[3].solved[1]).toBe(1);
    expect(flow.byPriority[2]).toMatchObject({ group: 'high', solved: 1, solutionMedian: 3 * DAY + 90 * 60_000 });
    await tickets.reopen(first, BASE + 4 * DAY);
    flow = await checked();
    expect(flow.byPriority[2]).toMatchObject({ solved: 0, solutionMedian: null });
    expect(flow.totals.solved[1]).toBe(1);
    await tickets.solve(first, BASE + 8 * DAY);
    await tickets.solve(second, BASE + 9 * DAY, 3);
    await tickets.close(first, BASE + 11 * DAY);
    flow = await checked();
    expect(flow.totals.solved).toEqual({ 1: 2, 2: 0, 3: 1 });
    expect(flow.byLevel[0]).toMatchObject({ solved: 2, solutionMedian: (8 * DAY + 90 * 60_000 + 5 * DAY - 10 * HOUR) / 2 });
    // A ticket from before the range, solved in it: counted as solved that day, not in the range's times.
    const old = await tickets.create(BASE - 5 * DAY);
    await tickets.solve(old, BASE + 10 * DAY);
    flow = await checked();
    expect(flow.days[10].solved[1]).toBe(1);
    expect(flow.escalation.opened).toBe(3);
  });

  it('reads a remembered day again only when its version changed (the triggers are what keeps it right)', async () => {
    const tickets = desk(env.current.database);
    const id = await tickets.create(BASE + 12 * DAY + 8 * HOUR, 'low');
    await tickets.respond(id, BASE + 12 * DAY + 9 * HOUR);
    const responded = (flow: TicketFlow) => flow.byPriority[0];
    expect(responded(await checked())).toMatchObject({ group: 'low', responded: 1, firstResponseMedian: HOUR });
    // A change whose version bump is undone behind the triggers' back is not seen: the day is remembered.
    const version = await block(BASE + 12 * DAY);
    await env.current.database.kysely.updateTable('tickets').set({ first_response_at: BASE + 12 * DAY + 10 * HOUR }).where('id', '=', id).execute();
    await env.current.database.kysely.updateTable('insight_ticket_block').set({ version }).where('block', '=', Math.floor((BASE + 12 * DAY) / DAY)).execute();
    expect(responded(await figures())).toMatchObject({ firstResponseMedian: HOUR });
    forgetTicketMaterial(env.current.database);
    expect(responded(await figures())).toMatchObject({ firstResponseMedian: 2 * HOUR });
  });

  // PostgreSQL: the day's version is bumped at the commit (migration 26), not while the
  // change is still open, so a second change of the same day does not wait for the first.
  it.runIf(engine === 'postgres')('see a change that commits after a reader looked, and do not hold the day while it is open', { timeout: 30_000 }, async () => {
    const database = env.current.database;
    const tickets = desk(database);
    const day = BASE + 1 * DAY;
    await tickets.create(day + 8 * HOUR);
    const opened = async (): Promise<number> => (await figures()).days[1].opened;
    expect(await opened()).toBe(1);
    const versionBefore = await block(day);
    let seenWhileOpen = -1;
    await database.kysely.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('tickets')
        .values({
          reference: `T-LATE-${Math.random().toString(36).slice(2)}`,
          token_hash: `late-${Math.random()}`,
          customer_name: 'Kunde',
          customer_email: 'kunde@example.com',
          subject: 'Late commit',
          category: 'invoices',
          lang: 'de',
          priority: 'normal',
          created_at: day + 9 * HOUR,
          updated_at: day + 9 * HOUR,
          first_response_due: day + 17 * HOUR,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('ticket_events')
        .values({ ticket_id: Number(id), actor_id: null, type: 'status', from_value: 'new', to_value: 'solved', detail: null, created_at: day + 10 * HOUR, version: 2, level: 1 })
        .execute();
      // The day's row is not locked by the open change: another creation of the same day commits now.
      const other = tickets.create(day + 11 * HOUR).then(() => 'committed');
      expect(await Promise.race([other, new Promise((resolve) => setTimeout(() => resolve('waiting'), 5_000))])).toBe('committed');
      // A reader now sees the other creation, not the open one, and remembers the day as it is.
      expect(await block(day)).toBeGreaterThan(versionBefore);
      seenWhileOpen = await block(day);
      expect(await opened()).toBe(2);
    });
    // Committed after the reader looked: the day's version rose, and the remembered day is read again.
    expect(await block(day)).toBeGreaterThan(seenWhileOpen);
    expect(await opened()).toBe(3);
    const flow = await checked();
    expect(flow.days[1].solved[1]).toBe(1);
  });
});

describe('median and percentile by selection', () => {
  it('equal the sorted definitions, for any count and with repeated values', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const values = Array.from({ length: n }, () => (n % 3 === 0 ? Math.floor(random() * 5) : Math.floor(random() * 1e9)));
      const selected = medianAndPercentile(Float64Array.from(values), 90);
      expect(selected).toEqual({ median: median(values), percentile: percentile(values, 90) });
    }
  });
});
