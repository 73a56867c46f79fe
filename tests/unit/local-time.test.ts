import { describe, expect, it } from 'vitest';
import { formatDeskTimeCompact, formatLocalTime } from '../../src/lib/local-time.ts';

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

describe('formatDeskTimeCompact', () => {
  const at = Date.UTC(2026, 11, 5, 13, 30);
  it('leaves out the year within the current year of the desk zone', () => {
    const now = Date.UTC(2026, 11, 6);
    expect(formatDeskTimeCompact('de', at, 'Europe/Berlin', now)).toBe('05.12., 14:30');
    expect(formatDeskTimeCompact('en', at, 'Europe/Berlin', now)).toBe('5 Dec, 14:30');
  });
  it('writes the year for another year, judged in the desk zone (New Year in Berlin is still the old year in UTC)', () => {
    expect(formatDeskTimeCompact('de', at, 'Europe/Berlin', Date.UTC(2027, 0, 6))).toBe('05.12.2026, 14:30');
    expect(formatDeskTimeCompact('en', Date.UTC(2026, 11, 31, 23, 30), 'Europe/Berlin', Date.UTC(2026, 11, 6))).toBe('1 Jan 2027, 00:30');
  });
});
