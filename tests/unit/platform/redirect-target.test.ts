import { describe, expect, it } from 'vitest';
import { MAX_REDIRECT_TARGET_LENGTH, safeRedirectTarget } from '../../../src/lib/server/platform/redirect-target.ts';

const SITE = 'https://help.example';
const target = (value: unknown, fallback = '/'): string => safeRedirectTarget(value, { siteUrl: SITE, fallback });

describe('safeRedirectTarget', () => {
  describe.each([
    ['/', '/'],
    ['/staff/tickets?status=open#top', '/staff/tickets?status=open#top'],
    ['/articles/reset-password', '/articles/reset-password'],
    ['/search?q=a%20b', '/search?q=a%20b'],
    ['/categories/../articles/x', '/articles/x'],
    ['/./articles/x', '/articles/x'],
    ['/%09/evil.example/path', '/%09/evil.example/path'], // still encoded: a path, not a host
    ['/a//b', '/a//b'],
  ])('keeps %j', (value, expected) => {
    it(`as ${expected}`, () => expect(target(value)).toBe(expected));
  });

  describe.each([
    // Other origins and scheme-relative forms.
    ['https://evil.example/'],
    ['http://help.example/'],
    ['//evil.example'],
    ['///evil.example'],
    ['/\\evil.example'],
    ['/\\/evil'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['data:text/html,x'],
    ['staff'],
    [''],
    [null],
    [undefined],
    [42],
    // Issue 18: values that become "//host" only after normalisation.
    ['/.//evil.example/x'],
    ['/staff/..//evil.example/x'],
    ['/././/evil.example'],
    ['/a/../..//evil.example'],
    // Issue 18: control characters (decoded from %09, %0d, %0a, %00 by the query parser).
    ['/\t/evil.example/path'],
    ['/\t\t/evil.example'],
    ['/x\r\nSet-Cookie: a=b'],
    ['/x\r'],
    ['/x\n'],
    ['/x\u0000'],
    ['/x\u007f'],
    ['/x\u0085'],
    ['/' + 'a'.repeat(MAX_REDIRECT_TARGET_LENGTH)],
  ])('refuses %j', (value) => {
    it('with the fallback', () => {
      expect(target(value)).toBe('/');
      expect(target(value, '/staff')).toBe('/staff');
    });
  });

  it('never throws and always gives a same-origin path with one leading slash', () => {
    const samples = ['/\u2028', '/%', '/%zz', '/?\u0000', '/#\n', '/:99999', '//:99999', '/ /evil', '/\u00a0', '/\ud800'];
    for (const value of samples) {
      const result = target(value);
      expect(result.startsWith('/') && !result.startsWith('//'), JSON.stringify(value)).toBe(true);
      expect(new URL(result, SITE).origin).toBe(SITE);
      expect(/[\\\u0000-\u001f\u007f]/.test(result)).toBe(false);
    }
  });

  it('compares with the configured origin and refuses listed paths after normalisation', () => {
    expect(safeRedirectTarget('/x', { siteUrl: 'not a url', fallback: '/' })).toBe('/x');
    expect(safeRedirectTarget('/staff/./login', { siteUrl: SITE, fallback: '/staff', refusePath: /^\/staff\/login$/ })).toBe('/staff');
  });
});
