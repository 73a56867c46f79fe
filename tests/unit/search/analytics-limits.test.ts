/**
 * Public analytics writes (issue 18): limited per client address, and a visit's repeated
 * identical query (or deflection) counted once, so one client cannot skew the content gaps
 * or the deflection rate or grow the database without bound.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { sql } from 'kysely';
import { logSearch } from '../../../src/lib/server/search/analytics.ts';
import { recordDeflection } from '../../../src/lib/server/desk/deflections.ts';
import { analyticsLimits, ANALYTICS_LIMITS, mayRecordAnalytics } from '../../../src/lib/server/search/analytics-limits.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { emptyTables } from './tables.ts';

const NOW = Date.UTC(2026, 9, 14, 12);
const MIN = 60_000;
const VISIT = '0123456789abcdef0123456789ab0001';


describe('analytics limits per client', () => {
  it('defaults to 120 searches and 10 deflections per client in 10 minutes', () => {
    expect(ANALYTICS_LIMITS.searches).toMatchObject({ limit: 120, windowMs: 10 * MIN });
    expect(ANALYTICS_LIMITS.deflections).toMatchObject({ limit: 10, windowMs: 10 * MIN });
    expect(analyticsLimits(24).deflections.limit).toBe(2);
    expect(analyticsLimits(1).deflections.limit).toBe(1);
  });

  it('refuses a client beyond its limit until the window slides, other clients unaffected', () => {
    const limits = analyticsLimits(12); // 12 searches, 1 deflection
    const client = `198.51.100.${NOW % 200}`;
    for (let i = 0; i < 12; i++) expect(mayRecordAnalytics('searches', client, limits, NOW + i)).toBe(true);
    expect(mayRecordAnalytics('searches', client, limits, NOW + 100)).toBe(false);
    expect(mayRecordAnalytics('searches', `${client}-other`, limits, NOW + 100)).toBe(true);
    expect(mayRecordAnalytics('searches', client, limits, NOW + 10 * MIN + 1)).toBe(true);
    expect(mayRecordAnalytics('deflections', client, limits, NOW)).toBe(true);
    expect(mayRecordAnalytics('deflections', client, limits, NOW + 1)).toBe(false);
  });
});

describe.each(ENGINES)("a visit's repeated identical query counts once on %s", (engine) => {
  const env = useDatabase(engine);
  let database: Database;
  beforeEach(async () => {
    database = env.current.database;
    await emptyTables(database);
  });
  const count = async (query: string): Promise<number> => Number((await sql.raw<{ n: number }>(query).execute(database.kysely)).rows[0].n);

  it('from any source, whatever the spelling; another visit, language or query counts again', async () => {
    expect(await logSearch(database, { query: 'Reset Password', lang: 'en', resultCount: 3, source: 'instant', visitId: VISIT, at: NOW })).toBe(true);
    expect(await logSearch(database, { query: '  reset   password ', lang: 'en', resultCount: 3, source: 'page', visitId: VISIT, at: NOW + MIN })).toBe(false);
    expect(await logSearch(database, { query: 'reset password', lang: 'en', resultCount: 3, source: 'ticket-form', visitId: VISIT, at: NOW + 2 * MIN })).toBe(false);
    expect(await count('SELECT COUNT(*) AS n FROM search_log')).toBe(1);
    expect(await count('SELECT searches AS n FROM insight_search_day')).toBe(1);

    expect(await logSearch(database, { query: 'reset password', lang: 'de', resultCount: 3, source: 'page', visitId: VISIT, at: NOW })).toBe(true);
    expect(await logSearch(database, { query: 'reset password', lang: 'en', resultCount: 3, source: 'page', visitId: VISIT.replace(/0001$/, '0002'), at: NOW })).toBe(true);
    expect(await logSearch(database, { query: 'invoice', lang: 'en', resultCount: 3, source: 'page', visitId: VISIT, at: NOW })).toBe(true);
    // A day later it is a new question.
    expect(await logSearch(database, { query: 'reset password', lang: 'en', resultCount: 3, source: 'page', visitId: VISIT, at: NOW + 24 * 60 * MIN + 1 })).toBe(true);
    expect(await count('SELECT COUNT(*) AS n FROM search_log')).toBe(5);
  });

  it('a no-result query posted again and again by one visit adds one to the content gaps', async () => {
    for (let i = 0; i < 50; i++) await logSearch(database, { query: 'flurbelgrax', lang: 'en', resultCount: 0, source: 'instant', visitId: VISIT, at: NOW + i });
    expect(await count("SELECT no_result AS n FROM insight_query_day WHERE query = 'flurbelgrax'")).toBe(1);
  });

  it('counts the same query of a visit once and the visit once, also when it arrives at the same time', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => logSearch(database, { query: 'Storno', lang: 'de', resultCount: 0, source: i % 2 ? 'page' : 'instant', visitId: VISIT, at: NOW + i })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS n FROM search_log')).toBe(1);
    expect(await count("SELECT no_result AS n FROM insight_query_day WHERE query = 'storno'")).toBe(1);
    expect(await count('SELECT self_served AS n FROM insight_visit_day')).toBe(1);
  });

  it('without a visit id (no JavaScript) each search is logged; the per-client limit bounds them', async () => {
    expect(await logSearch(database, { query: 'invoice', lang: 'en', resultCount: 1, source: 'page', at: NOW })).toBe(true);
    expect(await logSearch(database, { query: 'invoice', lang: 'en', resultCount: 1, source: 'page', at: NOW })).toBe(true);
  });
});

describe.each(ENGINES)('a repeated deflection on %s', (engine) => {
  const env = useDatabase(engine, { each: true });

  it('a deflection of the same article by the same visit counts once', async () => {
    const { database } = env.current;
    const first = await recordDeflection(database, { query: 'reset password', articleSlug: 'reset-password', lang: 'en', visitId: VISIT, at: NOW });
    for (let i = 0; i < 20; i++) expect(await recordDeflection(database, { query: 'reset password', articleSlug: 'reset-password', lang: 'en', visitId: VISIT, at: NOW + i })).toBe(first);
    await recordDeflection(database, { query: 'reset password', articleSlug: 'cant-log-in', lang: 'en', visitId: VISIT, at: NOW });
    const { n } = await database.kysely.selectFrom('deflections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(2);
  });
});
