/**
 * Business-hours arithmetic in Europe/Berlin: weekends, a holiday, both DST changes (the
 * working day that follows them), round the clock, and the configuration's error messages.
 */
import { describe, expect, it } from 'vitest';
import { addBusinessTime, ALWAYS_OPEN, businessTimeBetween, localInstant, parseBusinessHours, zoneOffset } from '../../../src/lib/server/desk/business-hours.ts';

const HOUR = 3_600_000;
const OFFICE = parseBusinessHours({ BUSINESS_HOURS: 'mon-fri 08:00-18:00', HOLIDAYS: '2026-12-25, 2026-12-28' });
/** An instant from Berlin wall-clock time. */
const berlin = (iso: string): number => {
  const [date, time] = iso.split(' ');
  const [hour, minute] = time.split(':').map(Number);
  return localInstant(Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000), hour * 60 + minute, 'Europe/Berlin');
};

describe('the zone', () => {
  it('reads Berlin as UTC+1 in winter and UTC+2 in summer', () => {
    expect(zoneOffset(Date.UTC(2026, 0, 15, 12), 'Europe/Berlin')).toBe(HOUR);
    expect(zoneOffset(Date.UTC(2026, 6, 15, 12), 'Europe/Berlin')).toBe(2 * HOUR);
    expect(berlin('2026-01-15 08:00')).toBe(Date.UTC(2026, 0, 15, 7));
    expect(berlin('2026-07-15 08:00')).toBe(Date.UTC(2026, 6, 15, 6));
  });
});

describe('addBusinessTime', () => {
  it('counts within one working day', () => {
    expect(addBusinessTime(berlin('2026-12-01 09:00'), 2 * HOUR, OFFICE)).toBe(berlin('2026-12-01 11:00'));
  });

  it('starts at the opening when asked outside working hours', () => {
    expect(addBusinessTime(berlin('2026-12-01 06:30'), HOUR, OFFICE)).toBe(berlin('2026-12-01 09:00'));
    expect(addBusinessTime(berlin('2026-12-01 19:00'), HOUR, OFFICE)).toBe(berlin('2026-12-02 09:00'));
  });

  it('skips the weekend', () => {
    // Friday 16:00 + 4 h: 2 h on Friday, 2 h on Monday.
    expect(addBusinessTime(berlin('2026-12-04 16:00'), 4 * HOUR, OFFICE)).toBe(berlin('2026-12-07 10:00'));
    // Saturday: nothing counts until Monday 08:00.
    expect(addBusinessTime(berlin('2026-12-05 11:00'), 24 * HOUR, OFFICE)).toBe(berlin('2026-12-09 12:00'));
  });

  it('skips holidays', () => {
    // Thursday 24 Dec 17:00 + 2 h: 1 h on Thursday, Friday 25 Dec is a holiday, the weekend, Monday 28 Dec too.
    expect(addBusinessTime(berlin('2026-12-24 17:00'), 2 * HOUR, OFFICE)).toBe(berlin('2026-12-29 09:00'));
  });

  it('is right across the spring DST change (29 March 2026)', () => {
    // Friday 27 March 17:00 (UTC+1) + 2 h: 1 h Friday, then Monday 30 March 09:00 (UTC+2).
    const due = addBusinessTime(berlin('2026-03-27 17:00'), 2 * HOUR, OFFICE);
    expect(due).toBe(Date.UTC(2026, 2, 30, 7));
    // 24/7 with a zone: a calendar day across the change has 23 hours.
    const always = parseBusinessHours({ BUSINESS_HOURS: 'mon-sun 00:00-24:00' });
    expect(businessTimeBetween(berlin('2026-03-29 00:00'), berlin('2026-03-30 00:00'), always)).toBe(23 * HOUR);
  });

  it('is right across the autumn DST change (25 October 2026)', () => {
    // Friday 23 October 17:00 (UTC+2) + 2 h: Monday 26 October 09:00 (UTC+1).
    expect(addBusinessTime(berlin('2026-10-23 17:00'), 2 * HOUR, OFFICE)).toBe(Date.UTC(2026, 9, 26, 8));
    const sundays = parseBusinessHours({ BUSINESS_HOURS: 'sun 00:00-24:00' });
    expect(businessTimeBetween(berlin('2026-10-24 12:00'), berlin('2026-10-26 12:00'), sundays)).toBe(25 * HOUR);
  });

  it('is plain arithmetic round the clock', () => {
    expect(addBusinessTime(1_000, 5 * HOUR, ALWAYS_OPEN)).toBe(1_000 + 5 * HOUR);
  });
});

describe('businessTimeBetween', () => {
  it('counts only working time', () => {
    expect(businessTimeBetween(berlin('2026-12-04 16:00'), berlin('2026-12-07 10:00'), OFFICE)).toBe(4 * HOUR);
    expect(businessTimeBetween(berlin('2026-12-24 17:00'), berlin('2026-12-29 09:00'), OFFICE)).toBe(2 * HOUR);
    expect(businessTimeBetween(berlin('2026-12-05 10:00'), berlin('2026-12-06 10:00'), OFFICE)).toBe(0);
  });

  it('is the inverse of addBusinessTime', () => {
    for (const start of [berlin('2026-03-26 13:15'), berlin('2026-10-22 07:00'), berlin('2026-12-23 17:59')]) {
      for (const hours of [1, 9, 10, 37]) {
        expect(businessTimeBetween(start, addBusinessTime(start, hours * HOUR, OFFICE), OFFICE)).toBe(hours * HOUR);
      }
    }
  });
});

describe('parseBusinessHours', () => {
  it('reads several entries, ranges and a wrapping weekday range', () => {
    const hours = parseBusinessHours({ BUSINESS_HOURS: 'mon-fri 08:00-12:00,13:00-17:00; sat-sun 10:00-12:00', DESK_TIME_ZONE: 'Europe/Vienna' });
    expect(hours.timeZone).toBe('Europe/Vienna');
    expect(hours.week[1]).toEqual([[480, 720], [780, 1020]]);
    expect(hours.week[0]).toEqual([[600, 720]]);
    expect(parseBusinessHours({}).week).toEqual(ALWAYS_OPEN.week);
  });

  it.each([
    [{ BUSINESS_HOURS: 'monday-friyay 08:00-18:00' }, /BUSINESS_HOURS: .*weekday/],
    [{ BUSINESS_HOURS: 'mon 18:00-08:00' }, /ends before it starts/],
    [{ BUSINESS_HOURS: 'mon 08:00-12:00,11:00-13:00' }, /overlapping/],
    [{ BUSINESS_HOURS: 'mon 8-18' }, /BUSINESS_HOURS/],
    [{ HOLIDAYS: '2026-02-30' }, /HOLIDAYS: "2026-02-30"/],
    [{ DESK_TIME_ZONE: 'Mars/Olympus' }, /DESK_TIME_ZONE/],
  ])('refuses %o', (env, message) => {
    expect(() => parseBusinessHours(env)).toThrow(message);
  });
});
