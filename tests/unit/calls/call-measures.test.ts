/**
 * The call desk's measures on a known history: first-contact resolution, calls per day
 * (zero days included, range edges), median and 90th percentile per agent level, and the
 * tables for the insights page.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { measureCalls } from '../../../src/lib/server/calls/call-measures.ts';
import { medianOfSorted as median, percentileOfSorted as nearestRank } from '../../../src/lib/server/insights/stats.ts';
import { callsSection } from '../../../src/lib/server/insights/sections.ts';
import { formatCell, toCsv } from '../../../src/lib/server/insights/table.ts';
import { takeCall, type CallLookups } from '../../../src/lib/server/calls/calls.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { actorOf, addUser, CONFIG, DAY, newTicket } from '../desk/fixture.ts';
import { setDeskDayZone } from '../../../src/lib/server/insights/desk-days.ts';
import { DESK_TIME_ZONE } from '../../../src/lib/server/desk/business-hours.ts';

// The known history is written in UTC days: pin the desk's zone to UTC (desk-days.test.ts covers other zones).
setDeskDayZone('UTC');
afterAll(() => setDeskDayZone(DESK_TIME_ZONE));

const LOOKUPS: CallLookups = { article: () => ({ audience: 'public', status: 'validated' }), isCategory: () => true };
const MONDAY = Date.UTC(2026, 10, 2); // 2026-11-02, 00:00 UTC

describe.each(ENGINES)('call measures on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  async function history(): Promise<void> {
    const first = await actorOf(database, await addUser(database, { name: 'Jonas Weber', role: 'first_level' }));
    const second = await actorOf(database, await addUser(database, { name: 'Mara Keller', role: 'second_level' }));
    const admin = await actorOf(database, await addUser(database, { name: 'Sophie Wagner', role: 'admin' }));
    const base = { name: 'Carla', email: 'c@example.com', question: 'Q', category: 'account', lang: 'en' };
    const at = (day: number, hour: number): number => MONDAY + day * DAY + hour * 3_600_000;
    // Monday: 4 first-level calls, 3 solved. Handling 60, 120, 180, 600 s.
    await takeCall(database, first, { ...base, outcome: 'solved', solution: 'ok', handlingSeconds: 60 }, LOOKUPS, CONFIG, at(0, 9));
    await takeCall(database, first, { ...base, outcome: 'solved', solution: 'ok', handlingSeconds: 120 }, LOOKUPS, CONFIG, at(0, 10));
    await takeCall(database, first, { ...base, outcome: 'solved', solution: 'ok', handlingSeconds: 180 }, LOOKUPS, CONFIG, at(0, 11));
    await takeCall(database, first, { ...base, outcome: 'escalated', reason: 'hard', handlingSeconds: 600 }, LOOKUPS, CONFIG, at(0, 12));
    // Tuesday: nothing. Wednesday: 1 first-level call (ticket, 300 s), 2 second-level (solved 400 s, ticket 500 s), 1 admin (solved 30 s).
    await takeCall(database, first, { ...base, outcome: 'ticket', handlingSeconds: 300 }, LOOKUPS, CONFIG, at(2, 9));
    await takeCall(database, second, { ...base, outcome: 'solved', solution: 'ok', handlingSeconds: 400 }, LOOKUPS, CONFIG, at(2, 10));
    await takeCall(database, second, { ...base, outcome: 'ticket', handlingSeconds: 500 }, LOOKUPS, CONFIG, at(2, 11));
    await takeCall(database, admin, { ...base, outcome: 'solved', solution: 'ok', handlingSeconds: 30 }, LOOKUPS, CONFIG, at(2, 23.99));
    // Outside the range, and web tickets: never counted.
    await takeCall(database, first, { ...base, outcome: 'solved', solution: 'ok', handlingSeconds: 9999 }, LOOKUPS, CONFIG, at(3, 0));
    await newTicket(database, {}, at(0, 8));
  }

  describe('measureCalls', () => {
    it('computes the measures of a known history', async () => {
      await history();
      const measures = await measureCalls(database, { from: MONDAY, to: MONDAY + 3 * DAY });
      expect(measures).toMatchObject({ calls: 8, solvedOnCall: 5, openedAsTicket: 2, escalated: 1, firstContactResolution: 0.625 });
      expect(measures.callsPerDay).toBeCloseTo(8 / 3);
      expect(measures.days).toEqual([
        { date: '2026-11-02', calls: 4, solvedOnCall: 3 },
        { date: '2026-11-03', calls: 0, solvedOnCall: 0 },
        { date: '2026-11-04', calls: 4, solvedOnCall: 2 },
      ]);
      expect(measures.handling).toEqual([
        // 60, 120, 180, 300, 600
        { role: 'first_level', level: 1, calls: 5, medianSeconds: 180, p90Seconds: 600 },
        { role: 'second_level', level: 2, calls: 2, medianSeconds: 450, p90Seconds: 500 },
        { role: 'admin', level: null, calls: 1, medianSeconds: 30, p90Seconds: 30 },
      ]);
    });

    it('an empty range has no resolution rate, and a reversed range is refused', async () => {
      await history();
      const empty = await measureCalls(database, { from: MONDAY + 10 * DAY, to: MONDAY + 11 * DAY });
      expect(empty).toMatchObject({ calls: 0, firstContactResolution: null, callsPerDay: 0, handling: [] });
      await expect(measureCalls(database, { from: MONDAY, to: MONDAY })).rejects.toThrow(RangeError);
    });

    it('renders as the insights page’s tables, and as CSV', async () => {
      await history();
      const [daily, handling] = callsSection.tables(await measureCalls(database, { from: MONDAY, to: MONDAY + 3 * DAY }), 'en');
      expect(daily.rows).toEqual([
        ['2026-11-02', 4, 3, 0.75],
        ['2026-11-03', 0, 0, null],
        ['2026-11-04', 4, 2, 0.5],
      ]);
      expect(handling.columns.map((column) => column.label)).toEqual(['Agent level', 'Calls', 'Median handling time', 'Handling time, 90th percentile']);
      expect(handling.rows).toEqual([
        ['Level 1', 5, 180, 600],
        ['Level 2', 2, 450, 500],
        ['Administrator', 1, 30, 30],
      ]);
      expect(handling.rows.map((row) => formatCell(row[2], 'duration', 'en'))).toEqual(['3:00', '7:30', '0:30']);
      expect(toCsv(handling).split('\r\n')[1]).toBe('Level 1,5,180,600');
      expect(toCsv(handling).split('\r\n')[0]).toBe('\uFEFFAgent level,Calls,Median handling time (s),"Handling time, 90th percentile (s)"');
    });
  });
});

describe('percentiles', () => {
  it('median and nearest-rank percentile', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(nearestRank([], 90)).toBeNull();
    expect(nearestRank([60, 120, 180, 300, 600], 90)).toBe(600);
    expect(nearestRank(Array.from({ length: 10 }, (_, i) => i + 1), 90)).toBe(9);
    expect(nearestRank(Array.from({ length: 20 }, (_, i) => i + 1), 90)).toBe(18);
  });
});
