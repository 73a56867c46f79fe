/**
 * The customer ticket form's server-side rules: which field is wrong and how (empty, too
 * long, not allowed), the honeypot, and the per-client rate limit (TICKET_RATE_LIMIT per
 * 10 minutes) with the shared sliding-window limiter.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/lib/server/platform/rate-limit.ts';
import { describeTicketErrors, isHoneypotFilled, TICKET_FIELD_LIMITS, TICKET_RATE_WINDOW_MS, ticketRateLimit } from '../../../src/lib/server/desk/ticket-form.ts';

const CATEGORIES = ['account', 'invoices', 'banking'];
const VALID = { name: 'Ann Example', email: 'ann@example.com', subject: 'Printer', description: 'It broke.', category: 'account', lang: 'en' };

describe('describeTicketErrors', () => {
  it('finds nothing wrong with a valid form', () => {
    expect(describeTicketErrors(VALID, CATEGORIES)).toEqual({});
  });

  it('names every empty field as required (white space counts as empty)', () => {
    expect(describeTicketErrors({ name: ' ', email: '', subject: '\n', description: ' \r\n ', category: 'account', lang: 'de' }, CATEGORIES)).toEqual({
      name: 'required',
      email: 'required',
      subject: 'required',
      description: 'required',
    });
  });

  it('names fields over their limit as too long, at exactly the limits', () => {
    const atLimit = { ...VALID, subject: 's'.repeat(TICKET_FIELD_LIMITS.subject), description: 'd'.repeat(TICKET_FIELD_LIMITS.description) };
    expect(describeTicketErrors(atLimit, CATEGORIES)).toEqual({});
    const over = { ...VALID, name: 'n'.repeat(101), subject: 's'.repeat(201), description: 'd'.repeat(20_001) };
    expect(describeTicketErrors(over, CATEGORIES)).toEqual({ name: 'tooLong', subject: 'tooLong', description: 'tooLong' });
  });

  it('names a malformed e-mail address as invalid', () => {
    expect(describeTicketErrors({ ...VALID, email: 'not an address' }, CATEGORIES)).toEqual({ email: 'invalid' });
    expect(describeTicketErrors({ ...VALID, email: `${'a'.repeat(250)}@example.com` }, CATEGORIES)).toEqual({ email: 'tooLong' });
  });

  it('accepts only known categories and languages', () => {
    expect(describeTicketErrors({ ...VALID, category: 'payroll' }, CATEGORIES)).toEqual({ category: 'invalid' });
    expect(describeTicketErrors({ ...VALID, category: '' }, CATEGORIES)).toEqual({ category: 'invalid' });
    expect(describeTicketErrors({ ...VALID, category: '<script>' }, CATEGORIES)).toEqual({ category: 'invalid' });
    expect(describeTicketErrors({ ...VALID, lang: 'fr' }, CATEGORIES)).toEqual({ lang: 'invalid' });
  });

  it('lets markup through as text: escaping is the page’s job, not a validation error', () => {
    const html = '<script>alert(1)</script><b>bold</b>';
    expect(describeTicketErrors({ ...VALID, name: html, subject: html, description: html }, CATEGORIES)).toEqual({});
  });
});

describe('isHoneypotFilled', () => {
  it('is true only for real content', () => {
    expect(isHoneypotFilled('http://spam.example')).toBe(true);
    expect(isHoneypotFilled('')).toBe(false);
    expect(isHoneypotFilled('   ')).toBe(false);
    expect(isHoneypotFilled(null)).toBe(false);
    expect(isHoneypotFilled(undefined)).toBe(false);
  });
});

describe('ticketRateLimit', () => {
  it('allows the configured number of tickets per client in 10 minutes, then says when to retry', () => {
    const limiter = new RateLimiter(ticketRateLimit(5));
    const start = Date.UTC(2026, 10, 27, 12);
    for (let i = 0; i < 5; i++) expect(limiter.consume('198.51.100.7', start + i * 1000).allowed).toBe(true);
    const refused = limiter.consume('198.51.100.7', start + 10_000);
    expect(refused.allowed).toBe(false);
    // The first ticket leaves the window 10 minutes after it was created.
    expect(refused.retryAfterMs).toBe(TICKET_RATE_WINDOW_MS - 10_000);
    // Another client is not affected.
    expect(limiter.consume('203.0.113.9', start + 10_000).allowed).toBe(true);
    // Once the window has moved on, the first client may create a ticket again.
    expect(limiter.consume('198.51.100.7', start + TICKET_RATE_WINDOW_MS + 1).allowed).toBe(true);
  });

  it('treats nonsense limits as at least 1', () => {
    expect(ticketRateLimit(0).limit).toBe(1);
    expect(ticketRateLimit(Number.NaN).limit).toBe(1);
    expect(ticketRateLimit(50.7).limit).toBe(50);
    expect(ticketRateLimit(5).windowMs).toBe(10 * 60_000);
  });
});
