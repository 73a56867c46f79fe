/**
 * How much one client may add to the public analytics (issue 18: search logs and deflections
 * could be posted in any number, skewing the content gaps and the deflection rate and growing
 * the database). Rules that always hold:
 * - per client address, at most `searches.limit` logged searches and `deflections.limit`
 *   deflections per window; beyond that nothing more is recorded (the search itself and the
 *   reader's page keep working, only the counting stops);
 * - a refused write is not counted, so a client gets its allowance back as the window slides.
 * Repeated identical queries of one visit are counted once by logSearch/recordDeflection.
 */
import { sharedRateLimiter, type RateLimitOptions } from '../platform/rate-limit.ts';

/** The kinds of public analytics writes. */
export type AnalyticsKind = 'searches' | 'deflections';

const WINDOW_MS = 10 * 60_000;

/**
 * What a client may record per 10 minutes, from ANALYTICS_RATE_LIMIT (logged searches; default
 * 120): deflections ("This answered my question") get a twelfth of it, at least 1.
 */
export function analyticsLimits(searchesPer10Minutes = 120): Record<AnalyticsKind, RateLimitOptions> {
  const searches = Math.max(1, Math.floor(searchesPer10Minutes));
  return {
    searches: { limit: searches, windowMs: WINDOW_MS, maxKeys: 10_000 },
    deflections: { limit: Math.max(1, Math.ceil(searches / 12)), windowMs: WINDOW_MS, maxKeys: 10_000 },
  };
}

/** The defaults (120 searches and 10 deflections per client in 10 minutes). */
export const ANALYTICS_LIMITS = analyticsLimits();

/** True (and counted) when `client` may record one more `kind` now. */
export function mayRecordAnalytics(kind: AnalyticsKind, client: string, limits = ANALYTICS_LIMITS, now = Date.now()): boolean {
  return sharedRateLimiter(`analytics-${kind}`, limits[kind]).consume(client, now).allowed;
}
