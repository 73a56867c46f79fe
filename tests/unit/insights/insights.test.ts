/**
 * Support insights: every figure of /staff/insights checked against a known history
 * (tests/unit/insights-history.ts), plus the range parsing, the statistics, the CSV
 * (escaping and formula injection), the visit id and the daily summaries (kept up to date
 * event by event = recomputed from the logs).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES } from '../engines.ts';
import { useEngineHistory } from './engine-history.ts';
import { parseVisitId } from '../../../src/lib/server/search/visits.ts';
import { dayKey, lastDays, parseRange, rangeOfDays, rangeQuery, weekKey, weeksOf } from '../../../src/lib/server/insights/range.ts';
import { median, percentile, share } from '../../../src/lib/server/insights/stats.ts';
import { computeInsights, findInsightTable, type Insights } from '../../../src/lib/server/insights/sections.ts';
import { writeArticleUrl } from '../../../src/lib/server/insights/content-gaps.ts';
import { csvField, toCsv, type InsightTable } from '../../../src/lib/server/insights/table.ts';
import { rebuildInsightSummaries } from '../../../src/lib/server/insights/summaries.ts';
import type { ArticleInfo } from '../../../src/lib/server/insights/articles.ts';
import { EXPECTED, seedInsightsHistory } from './history.ts';
import { setDeskDayZone } from '../../../src/lib/server/insights/desk-days.ts';
import { DESK_TIME_ZONE } from '../../../src/lib/server/desk/business-hours.ts';

// The known history is written in UTC days: pin the desk's zone to UTC (desk-days.test.ts covers other zones).
setDeskDayZone('UTC');
afterAll(() => setDeskDayZone(DESK_TIME_ZONE));

const DAY = 86_400_000;
/** Monday, 5 October 2026 (UTC). */
const BASE = Date.UTC(2026, 9, 5);
const SLUGS: [string, string, string] = ['storno-rechnung', 'sepa-lastschrift', 'datev-export'];
const RANGE = rangeOfDays(BASE / DAY, BASE / DAY + 13);
/** After the history: T4's first response is overdue. */
const NOW = BASE + 15 * DAY;
const ARTICLES: ArticleInfo[] = [
  { slug: SLUGS[0], title: 'Rechnung stornieren', lang: 'de', audience: 'public', status: 'validated', updated: new Date(BASE - 400 * DAY) },
  { slug: SLUGS[1], title: 'SEPA-Lastschrift', lang: 'de', audience: 'public', status: 'validated', updated: new Date(BASE) },
  { slug: SLUGS[2], title: 'DATEV export', lang: 'en', audience: 'internal', status: 'validated', updated: new Date(BASE + 13 * DAY - 365 * DAY) },
  { slug: 'old-draft', title: 'Old draft', lang: 'en', audience: 'public', status: 'draft', updated: new Date(BASE - 900 * DAY) },
];

describe.each(ENGINES)('insights on %s', (engine) => {
  const env = useEngineHistory(engine, (database) => seedInsightsHistory(database, { base: BASE, slugs: SLUGS, run: 'unit' }));
  let insights: Insights;
  const context = () => ({ now: NOW, articles: ARTICLES, curriculum: [] });

  beforeEach(async () => {
    insights = await computeInsights(env.current.database, RANGE, context());
  });

  describe('self-service figures', () => {
    it('counts searches, no-result and click shares and the deflection rate over the range', async () => {
      const { totals, answeredClicks } = insights.selfService;
      const expected = EXPECTED.selfService.totals;
      expect(totals.searches).toBe(expected.searches);
      expect(totals.noResult).toBe(expected.noResult);
      expect(totals.noResultShare).toBeCloseTo(expected.noResultShare, 12);
      expect(totals.withVisit).toBe(expected.withVisit);
      expect(totals.clicked).toBe(expected.clicked);
      expect(totals.clickShare).toBeCloseTo(expected.clickShare, 12);
      expect(totals.selfServed).toBe(expected.selfServed);
      expect(totals.ticketed).toBe(expected.ticketed);
      expect(totals.deflectionRate).toBeCloseTo(expected.deflectionRate, 12);
      expect(answeredClicks).toBe(EXPECTED.selfService.answeredClicks);
    });

    it('has one row per day of the range with the day’s counts', async () => {
      const { days } = insights.selfService;
      expect(days).toHaveLength(14);
      expect(days[0].day).toBe('2026-10-05');
      expect(days[13].day).toBe('2026-10-18');
      days.forEach((day, i) => {
        const expected = EXPECTED.selfService.days[i] ?? { searches: 0, noResult: 0, withVisit: 0, clicked: 0 };
        expect({ day: i, searches: day.searches, noResult: day.noResult, withVisit: day.withVisit, clicked: day.clicked }).toEqual({ day: i, ...expected });
      });
      expect(days[4].noResultShare).toBeNull();
    });

    it('moves week by week (ISO weeks from Monday)', async () => {
      const { weeks } = insights.selfService;
      expect(weeks.map((week) => week.week)).toEqual(['2026-10-05', '2026-10-12']);
      weeks.forEach((week, i) => {
        const expected = EXPECTED.selfService.weeks[i];
        expect(week.searches).toBe(expected.searches);
        expect(week.noResultShare).toBeCloseTo(expected.noResultShare, 12);
        expect(week.clickShare).toBeCloseTo(expected.clickShare, 12);
        expect(week.selfServed).toBe(expected.selfServed);
        expect(week.ticketed).toBe(expected.ticketed);
        expect(week.deflectionRate).toBeCloseTo(expected.deflectionRate, 12);
      });
    });

    it('shows nothing outside the history', async () => {
      const empty = await computeInsights(env.current.database, rangeOfDays(BASE / DAY - 30, BASE / DAY - 20), context());
      expect(empty.selfService.totals.searches).toBe(0);
      expect(empty.selfService.totals.deflectionRate).toBeNull();
      expect(empty.selfService.totals.clickShare).toBeNull();
      expect(empty.contentGaps.noResult).toEqual([]);
      expect(empty.tickets.escalation.rate12).toBeNull();
    });
  });

  describe('content gaps', () => {
    it('lists the top queries without a result and before a ticket, with the editor link', async () => {
      expect(insights.contentGaps.noResult).toEqual(EXPECTED.contentGaps.noResult);
      expect(insights.contentGaps.beforeTicket).toEqual(EXPECTED.contentGaps.beforeTicket);
      expect(writeArticleUrl({ query: 'mahnung gebühr', lang: 'de' })).toBe('/staff/articles/new?title=mahnung+geb%C3%BChr&lang=de');
    });
  });

  describe('article figures', () => {
    const named = (rows: { slug: string }[]): string[] => rows.map((row) => row.slug);
    it('ranks views and reuse in the range, with titles', async () => {
      const { mostViewed, mostReused } = insights.articles;
      expect(mostViewed).toEqual(EXPECTED.articles.mostViewed.map((row) => ({ slug: SLUGS[row.slug], title: ARTICLES[row.slug].title, count: row.count })));
      expect(mostReused).toEqual(EXPECTED.articles.mostReused.map((row) => ({ slug: SLUGS[row.slug], title: ARTICLES[row.slug].title, count: row.count })));
    });

    it('rates helpfulness from the range’s votes, only with enough votes', async () => {
      const { mostHelpful, leastHelpful } = insights.articles;
      expect(mostHelpful.map(({ title: _title, ...row }) => row)).toEqual(EXPECTED.articles.mostHelpful.map((row) => ({ ...row, slug: SLUGS[row.slug] })));
      expect(leastHelpful.map(({ title: _title, ...row }) => row)).toEqual(EXPECTED.articles.leastHelpful.map((row) => ({ ...row, slug: SLUGS[row.slug] })));
      expect(named([...mostHelpful, ...leastHelpful])).not.toContain(SLUGS[2]);
    });

    it('lists open flags (dismissed ones not) and articles not updated for a year', async () => {
      expect(insights.articles.flags).toEqual(
        EXPECTED.articles.flags.map(({ slug, sinceDay, ...row }) => ({ ...row, slug: SLUGS[slug], title: ARTICLES[slug].title, since: dayKey(BASE + sinceDay * DAY) })),
      );
      // 400 days old, and exactly 365 days before the last day; drafts are not listed.
      expect(insights.articles.stale.map((row) => [row.slug, row.days, row.updated])).toEqual([
        [SLUGS[0], 413, '2025-08-31'],
        [SLUGS[2], 365, '2025-10-18'],
      ]);
    });
  });

  describe('ticket figures', () => {
    it('counts opened, solved per level and escalated per day', async () => {
      insights.tickets.days.forEach((day, i) => {
        const expected = EXPECTED.tickets.days[i] ?? { opened: 0, solved: { 1: 0, 2: 0, 3: 0 }, escalated12: 0, escalated23: 0 };
        expect({ i, ...day }).toEqual({ i, day: dayKey(BASE + i * DAY), ...expected });
      });
      expect(insights.tickets.totals).toEqual(EXPECTED.tickets.totals);
    });

    it('computes the escalation rates of the tickets opened in the range', async () => {
      expect(insights.tickets.escalation).toEqual(EXPECTED.tickets.escalation);
    });

    it('computes median and 90th percentile of first response and solution per level and priority', async () => {
      expect(insights.tickets.byLevel).toEqual(EXPECTED.tickets.byLevel);
      expect(insights.tickets.byPriority).toEqual(EXPECTED.tickets.byPriority);
    });

    it('lists the tickets overdue now', async () => {
      const { overdue } = insights.tickets;
      expect(overdue.total).toBe(1);
      expect(overdue.byLevel).toEqual({ 1: 1, 2: 0, 3: 0 });
      expect(overdue.byPriority).toEqual({ low: 0, normal: 0, high: 0, urgent: 1 });
      expect(overdue.byLevelPriority[1].urgent).toBe(1);
      expect(overdue.oldest).toEqual([{ reference: expect.stringMatching(/^T-2026-/), level: 1, priority: 'urgent', due: BASE + 7 * DAY + 10 * 3_600_000 }]);
    });
  });

  describe('daily summaries', () => {
    it('kept event by event equal the ones recomputed from the logs', async () => {
      const snapshot = (): Promise<unknown[]> =>
        Promise.all(
          ['insight_search_day', 'insight_visit_day', 'insight_query_day'].map(async (table) =>
            (await sql.raw(`SELECT * FROM ${table} WHERE ${table === 'insight_query_day' ? 'no_result + tickets' : '1'} > 0 ORDER BY 1, 2, 3`).execute(env.current.database.kysely)).rows,
          ),
        );
      const incremental = await snapshot();
      await rebuildInsightSummaries(env.current.database);
      expect(await snapshot()).toEqual(incremental);
    });
  });

  describe('tables and CSV', () => {
    it('shows the same figures in the tables as in the data', async () => {
      const daily = (await findInsightTable(env.current.database, RANGE, context(), 'searches-daily', 'en'))!;
      expect(daily.rows[0]).toEqual(['2026-10-05', 2, 1, 0.5, 2, 1, 0.5]);
      const escalation = (await findInsightTable(env.current.database, RANGE, context(), 'tickets-escalation', 'de'))!;
      expect(escalation.caption).toBe('Eskalationsquoten');
      expect(escalation.rows).toEqual([
        ['Ebene 1 → 2', 7, 2, 2 / 7],
        ['Ebene 2 → 3', 2, 1, 0.5],
      ]);
      expect((await findInsightTable(env.current.database, RANGE, context(), 'no-such-table', 'en'))).toBeNull();
    });

    it('writes CSV with quoting, percent and hours, and defuses formulas', async () => {
      const times = (await findInsightTable(env.current.database, RANGE, context(), 'tickets-times-level', 'en'))!;
      const csv = toCsv(times);
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const lines = csv.slice(1).split('\r\n');
      expect(lines[0]).toBe('Level,With first response,"First response, median (h)","First response, 90th percentile (h)",Solved,"Solution, median (h)","Solution, 90th percentile (h)"');
      expect(lines[1]).toBe('All tickets,6,2.0,25.0,4,24.0,48.0');
      const table: InsightTable = {
        id: 'x',
        caption: 'x',
        columns: [
          { label: 'Query', kind: 'text' },
          { label: 'Share', kind: 'percent' },
          { label: 'n', kind: 'int' },
        ],
        rows: [
          ['=HYPERLINK("http://evil")', 0.12345, -3],
          ['+1', null, 0],
          ['-2+3', 1, 1],
          ['@SUM(A1)', 0, 2],
          ['\tx', 0, 2],
          ['plain, with "quotes"\nand a line', 0.5, 3],
          [{ text: '=link', href: '/x' }, 0, 4],
        ],
      };
      expect(toCsv(table).slice(1).split('\r\n')).toEqual([
        'Query,Share,n',
        `"'=HYPERLINK(""http://evil"")",12.3,-3`,
        "'+1,,0",
        "'-2+3,100.0,1",
        "'@SUM(A1),0.0,2",
        "'\tx,0.0,2",
        '"plain, with ""quotes""\nand a line",50.0,3',
        "'=link,0.0,4",
        '',
      ]);
      expect(csvField('-5', false)).toBe('-5');
    });
  });

  describe('visit ids', () => {
    it('stores the visit id with searches, clicks, deflections and tickets, and drops malformed ones', async () => {
      const visitIds = async (table: 'search_log' | 'search_click' | 'deflections' | 'tickets'): Promise<(string | null)[]> =>
        (await env.current.database.kysely.selectFrom(table).select('visit_id').orderBy('id').execute()).map((row) => row.visit_id);
      // Visit E's repeated query is counted once (issue 18).
      expect((await visitIds('search_log')).filter(Boolean)).toHaveLength(6);
      expect((await visitIds('search_click')).filter(Boolean)).toHaveLength(3);
      expect(await visitIds('deflections')).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), null]);
      expect((await visitIds('tickets')).filter(Boolean)).toHaveLength(2);
      // Nothing personal in the visit row: an id, when, and counts.
      expect(Object.keys((await env.current.database.kysely.selectFrom('visits').selectAll().limit(1).executeTakeFirstOrThrow()) as object).sort()).toEqual(['answered', 'id', 'searches', 'started_at', 'tickets']);
    });
  });
});

describe('ranges', () => {
  const now = Date.UTC(2026, 10, 27, 15);
  it('offers the last 7, 30 and 90 days including today, 30 by default', () => {
    expect(parseRange(new URLSearchParams('range=7'), now).range).toMatchObject({ preset: '7', from: '2026-11-21', to: '2026-11-27', dayCount: 7 });
    expect(parseRange(new URLSearchParams('range=90'), now).range).toMatchObject({ from: '2026-08-30', to: '2026-11-27', dayCount: 90 });
    expect(parseRange(new URLSearchParams(''), now).range).toMatchObject({ preset: '30', from: '2026-10-29', to: '2026-11-27' });
    expect(parseRange(new URLSearchParams('range=banana'), now).range.preset).toBe('30');
    expect(lastDays(7, now).end).toBe(Date.UTC(2026, 10, 28));
  });

  it('takes a custom from–to, and refuses bad dates with the input kept', () => {
    const custom = parseRange(new URLSearchParams('range=custom&from=2026-02-01&to=2026-03-01'), now);
    expect(custom.problems).toEqual([]);
    expect(custom.range).toMatchObject({ preset: 'custom', from: '2026-02-01', to: '2026-03-01', dayCount: 29, start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 2) });
    expect(rangeQuery(custom.range)).toEqual({ range: 'custom', from: '2026-02-01', to: '2026-03-01' });
    expect(parseRange(new URLSearchParams('range=custom&from=2026-02-30&to=x'), now)).toMatchObject({
      problems: ['from', 'to'],
      input: { from: '2026-02-30', to: 'x' },
      range: { preset: '30' },
    });
    expect(parseRange(new URLSearchParams('range=custom&from=2026-03-02&to=2026-03-01'), now).problems).toEqual(['order']);
    expect(parseRange(new URLSearchParams('range=custom&from=2020-01-01&to=2026-03-01'), now).problems).toEqual(['tooLong']);
  });

  it('groups days into ISO weeks starting on Monday', () => {
    expect(weekKey(Date.UTC(2026, 10, 29))).toBe('2026-11-23'); // a Sunday
    expect(weekKey(Date.UTC(2026, 10, 30))).toBe('2026-11-30'); // a Monday
    expect(weeksOf(rangeOfDays(Date.UTC(2026, 10, 25) / DAY, Date.UTC(2026, 11, 1) / DAY))).toEqual(['2026-11-23', '2026-11-30']);
  });
});

describe('statistics', () => {
  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('90th percentile by nearest rank', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([10, 1, 5], 90)).toBe(10);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 90)).toBeNull();
    expect(share(1, 0)).toBeNull();
  });
});

describe('visit ids', () => {
  it('accepts 32 lower-case hex digits and nothing else', () => {
    expect(parseVisitId('0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef0123456789abcdef');
    for (const bad of ['', 'x', '0123456789ABCDEF0123456789ABCDEF', '0123456789abcdef0123456789abcde', 'g123456789abcdef0123456789abcdef', null, 42]) {
      expect(parseVisitId(bad)).toBeNull();
    }
  });

});
