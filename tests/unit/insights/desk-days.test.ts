/**
 * The insights' days are calendar days in the desk's zone (Europe/Berlin by default): events
 * just before and after local midnight, also on the two DST-change days (23 and 25 hours),
 * land on the right days — in the ranges, the summaries (incremental and rebuilt) and the
 * ticket figures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK_TIME_ZONE } from '../../../src/lib/server/desk/business-hours.ts';
import { dayStart, deskDay, keyOfDay, setDeskDayZone } from '../../../src/lib/server/insights/desk-days.ts';
import { dayKey, lastDays, parseDay, rangeOfDays, weekKey } from '../../../src/lib/server/insights/range.ts';
import { logSearch } from '../../../src/lib/server/search/analytics.ts';
import { ensureSummariesInDeskZone, rebuildInsightSummaries } from '../../../src/lib/server/insights/summaries.ts';
import { selfServiceInsights } from '../../../src/lib/server/insights/self-service.ts';
import { ticketFlowInsights } from '../../../src/lib/server/insights/ticket-flow.ts';
import { newTicket } from '../desk/fixture.ts';
import { ENGINES } from '../engines.ts';
import { useEngineHistory } from './engine-history.ts';

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

// Berlin midnights (UTC instants): a plain winter day, spring forward (23 h), fall back (25 h).
const MARCH_10 = at('2026-03-09T23:00:00Z');
const MARCH_11 = at('2026-03-10T23:00:00Z');
const MARCH_29 = at('2026-03-28T23:00:00Z');
const MARCH_30 = at('2026-03-29T22:00:00Z');
const OCTOBER_25 = at('2026-10-24T22:00:00Z');
const OCTOBER_26 = at('2026-10-25T23:00:00Z');

beforeEach(() => setDeskDayZone('Europe/Berlin'));
afterEach(() => setDeskDayZone(DESK_TIME_ZONE));

describe('desk days', () => {
  it('start at local midnight and last 23, 24 or 25 hours', () => {
    expect(dayStart(parseDay('2026-03-10')!)).toBe(MARCH_10);
    expect(dayStart(parseDay('2026-03-11')!)).toBe(MARCH_11);
    expect(MARCH_30 - dayStart(parseDay('2026-03-29')!)).toBe(23 * HOUR);
    expect(OCTOBER_26 - dayStart(parseDay('2026-10-25')!)).toBe(25 * HOUR);
    for (const midnight of [MARCH_11, MARCH_29, MARCH_30, OCTOBER_25, OCTOBER_26]) {
      expect(deskDay(midnight - 1)).toBe(deskDay(midnight) - 1);
      expect(keyOfDay(deskDay(midnight))).toBe(dayKey(midnight));
    }
    expect([dayKey(MARCH_11 - 1), dayKey(MARCH_11)]).toEqual(['2026-03-10', '2026-03-11']);
    expect([dayKey(MARCH_30 - 1), dayKey(MARCH_30)]).toEqual(['2026-03-29', '2026-03-30']);
    expect([dayKey(OCTOBER_26 - 1), dayKey(OCTOBER_26)]).toEqual(['2026-10-25', '2026-10-26']);
    // The week of a Monday 00:30 in Berlin (Sunday 23:30 UTC) is that Monday's.
    expect(weekKey(at('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
  });

  it('make ranges of whole local days', () => {
    const range = rangeOfDays(parseDay('2026-03-29')!, parseDay('2026-03-30')!);
    expect(range).toMatchObject({ from: '2026-03-29', to: '2026-03-30', start: MARCH_29, end: MARCH_30 + 24 * HOUR, dayCount: 2 });
    // "Today" is the desk's today: 00:30 in Berlin is already the 11th, though UTC still says the 10th.
    expect(lastDays(7, MARCH_11 + HOUR / 2)).toMatchObject({ to: '2026-03-11', from: '2026-03-05' });
    expect(lastDays(7, MARCH_11 - 1)).toMatchObject({ to: '2026-03-10' });
  });
});

describe.each(ENGINES)('desk days in the figures on %s', (engine) => {
  const env = useEngineHistory(engine);

  it('count searches and tickets on the local day, incrementally and rebuilt, across DST', async () => {
    const { database } = env.current;
    const events = [MARCH_11 - 1, MARCH_11, MARCH_30 - 1, MARCH_30, MARCH_30 + 1, OCTOBER_26 - 1, OCTOBER_26];
    for (const [i, time] of events.entries()) {
      await logSearch(database, { query: `question ${i}`, lang: 'en', resultCount: 0, source: 'page', at: time });
      await newTicket(database, {}, time);
    }
    const perDay = async (from: string, to: string) => {
      const range = rangeOfDays(parseDay(from)!, parseDay(to)!);
      const flow = await ticketFlowInsights(database, range, OCTOBER_26 + 24 * HOUR);
      return (await selfServiceInsights(database, range)).days.map((day, i) => [day.day, day.searches, flow.days[i].opened]);
    };
    const expected = {
      march: [['2026-03-10', 1, 1], ['2026-03-11', 1, 1]],
      spring: [['2026-03-29', 1, 1], ['2026-03-30', 2, 2]],
      fall: [['2026-10-25', 1, 1], ['2026-10-26', 1, 1]],
    };
    const check = async () => {
      expect(await perDay('2026-03-10', '2026-03-11')).toEqual(expected.march);
      expect(await perDay('2026-03-29', '2026-03-30')).toEqual(expected.spring);
      expect(await perDay('2026-10-25', '2026-10-26')).toEqual(expected.fall);
    };
    await check();
    await rebuildInsightSummaries(database);
    await check();
  });

  it('count on the local day in a zone whose offset is not whole hours (India, UTC+05:30)', async () => {
    setDeskDayZone('Asia/Kolkata');
    const { database } = env.current;
    const midnight = at('2026-03-10T18:30:00Z'); // 2026-03-11 00:00 in Kolkata
    for (const [i, time] of [midnight - 1, midnight, midnight + 1].entries()) {
      await logSearch(database, { query: `question ${i}`, lang: 'en', resultCount: 0, source: 'page', at: time });
      await newTicket(database, {}, time);
    }
    const range = rangeOfDays(parseDay('2026-03-10')!, parseDay('2026-03-11')!);
    const flow = await ticketFlowInsights(database, range, midnight + 24 * HOUR);
    expect(flow.days.map((day) => [day.day, day.opened])).toEqual([['2026-03-10', 1], ['2026-03-11', 2]]);
    await rebuildInsightSummaries(database);
    expect((await selfServiceInsights(database, range)).days.map((day) => [day.day, day.searches])).toEqual([['2026-03-10', 1], ['2026-03-11', 2]]);
  });

  it('recount summaries kept in another zone once at start-up', async () => {
    const { database } = env.current;
    setDeskDayZone('UTC');
    await logSearch(database, { query: 'late question', lang: 'en', resultCount: 0, source: 'page', at: MARCH_11 + HOUR / 2 });
    const stored = async () => (await database.kysely.selectFrom('insight_search_day').select('day').execute()).map((row) => row.day);
    expect(await stored()).toEqual([parseDay('2026-03-10')]);
    setDeskDayZone('Europe/Berlin');
    expect(await ensureSummariesInDeskZone(database)).toBe(true);
    expect(await stored()).toEqual([parseDay('2026-03-11')]);
    expect(await ensureSummariesInDeskZone(database)).toBe(false);
  });
});
