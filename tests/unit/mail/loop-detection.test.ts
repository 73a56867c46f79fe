/**
 * Loop detection: mails from the support address, automatic replies, bulk mail and bounces
 * are recognised from their headers; an ordinary customer mail is not.
 */
import { describe, expect, it } from 'vitest';
import { loopReason } from '../../../src/lib/server/mail/loop-detection.ts';

const SUPPORT = ['support@tallyhaus.example'];
const headers = (entries: Record<string, string> = {}): Map<string, string> =>
  new Map(Object.entries({ 'content-type': 'text/plain; charset=utf-8', ...entries }).map(([name, value]) => [name.toLowerCase(), value]));

describe('loopReason', () => {
  it('lets an ordinary customer mail through (also with Auto-Submitted: no)', () => {
    expect(loopReason(headers(), 'anna@kunde.example', SUPPORT)).toBeNull();
    expect(loopReason(headers({ 'Auto-Submitted': 'no' }), 'anna@kunde.example', SUPPORT)).toBeNull();
    expect(loopReason(headers({ Precedence: 'first-class' }), 'anna@kunde.example', SUPPORT)).toBeNull();
  });

  it('ignores mail from the support address itself, in any case', () => {
    expect(loopReason(headers(), 'support@tallyhaus.example', SUPPORT)).toBe('own-address');
    expect(loopReason(headers(), 'Support@Tallyhaus.example', SUPPORT)).toBe('own-address');
  });

  it('recognises automatic replies', () => {
    expect(loopReason(headers({ 'Auto-Submitted': 'auto-replied' }), 'anna@kunde.example', SUPPORT)).toBe('auto-submitted');
    expect(loopReason(headers({ 'Auto-Submitted': 'Auto-Generated' }), 'anna@kunde.example', SUPPORT)).toBe('auto-submitted');
    expect(loopReason(headers({ 'X-Autoreply': 'yes' }), 'anna@kunde.example', SUPPORT)).toBe('auto-reply');
    expect(loopReason(headers({ 'X-Autorespond': 'Vacation' }), 'anna@kunde.example', SUPPORT)).toBe('auto-reply');
  });

  it('recognises bulk, junk and list mail', () => {
    for (const precedence of ['bulk', 'junk', 'list', 'Bulk']) {
      expect(loopReason(headers({ Precedence: precedence }), 'news@shop.example', SUPPORT)).toBe('bulk');
    }
  });

  it('recognises bounces: delivery reports, MAILER-DAEMON, an empty sender or return path', () => {
    expect(loopReason(headers({ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="x"' }), 'postmaster@mx.example', SUPPORT)).toBe('bounce');
    expect(loopReason(headers({ 'Content-Type': 'multipart/report; report-type="delivery-status"' }), 'anna@kunde.example', SUPPORT)).toBe('bounce');
    expect(loopReason(headers(), 'MAILER-DAEMON@mx.kunde.example', SUPPORT)).toBe('bounce');
    expect(loopReason(headers(), '', SUPPORT)).toBe('bounce');
    expect(loopReason(headers({ 'Return-Path': '<>' }), 'anna@kunde.example', SUPPORT)).toBe('bounce');
  });
});
