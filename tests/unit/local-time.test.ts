import { describe, expect, it } from 'vitest';
import { formatLocalTime } from '../../src/lib/local-time.ts';

describe('formatLocalTime', () => {
  const at = Date.UTC(2026, 11, 6, 2, 30);
  it('writes Europe/Berlin by default, without a zone name', () => {
    expect(formatLocalTime('en', at)).toBe('6 December 2026 at 03:30');
    expect(formatLocalTime('de', at)).toBe('6. Dezember 2026 um 03:30');
  });
  it('writes another zone when asked, and null means the runtime zone (not Berlin)', () => {
    expect(formatLocalTime('en', at, 'America/New_York')).toBe('5 December 2026 at 21:30');
    const runtime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(at));
    expect(formatLocalTime('en', at, null)).toBe(runtime);
  });
});
