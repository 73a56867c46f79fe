/**
 * Desk configuration from the environment (defaults, formats, clear errors) and the
 * customer e-mail texts (language, links, no secrets after the confirmation).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DESK_CONFIG, parseDeskConfig } from '../../../src/lib/server/desk/desk-config.ts';
import { ALWAYS_OPEN } from '../../../src/lib/server/desk/business-hours.ts';
import { articleUrl, confirmationEmail, redactStatusLinks, replyEmail, solutionEmail, statusUrl } from '../../../src/lib/server/mail/desk-emails.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';
import { CONFIG, NOW } from './fixture.ts';

describe('parseDeskConfig', () => {
  it('uses the defaults for unset and empty variables', () => {
    const expected = {
      firstResponseHours: { low: 72, normal: 24, high: 8, urgent: 2 },
      resolutionHours: { low: 240, normal: 120, high: 40, urgent: 8 },
      businessHours: ALWAYS_OPEN,
      autoCloseDays: 7,
      siteUrl: 'http://localhost:4321',
      mailFrom: 'Tallyhaus Support <support@tallyhaus.example>',
      levels: 3,
      agentCapacity: 10,
      traineeUrgent: false,
      specialistOwnership: false,
    };
    expect(parseDeskConfig({})).toEqual(expected);
    expect(parseDeskConfig({ FIRST_RESPONSE_HOURS: '', AUTO_CLOSE_DAYS: ' ', SITE_URL: undefined, MAIL_FROM: '' })).toEqual(expected);
    expect(DEFAULT_DESK_CONFIG).toEqual(expected);
  });

  it('reads every variable', () => {
    expect(
      parseDeskConfig({
        FIRST_RESPONSE_HOURS: 'urgent:1, high:4,normal:12 ,low:48.5',
        RESOLUTION_HOURS: 'urgent:4,high:16,normal:40,low:80',
        BUSINESS_HOURS: 'mon-fri 08:00-17:00',
        HOLIDAYS: '2026-12-25',
        DESK_TIME_ZONE: 'Europe/Vienna',
        AUTO_CLOSE_DAYS: '14',
        SITE_URL: 'https://help.example.com/support/',
        MAIL_FROM: 'help@example.com',
        DESK_LEVELS: '2',
        AGENT_CAPACITY: '4',
        TRAINEE_URGENT: '1',
        SPECIALIST_OWNERSHIP: '1',
      }),
    ).toEqual({
      firstResponseHours: { low: 48.5, normal: 12, high: 4, urgent: 1 },
      resolutionHours: { low: 80, normal: 40, high: 16, urgent: 4 },
      businessHours: { timeZone: 'Europe/Vienna', week: [[], [[480, 1020]], [[480, 1020]], [[480, 1020]], [[480, 1020]], [[480, 1020]], []], holidays: new Set(['2026-12-25']) },
      autoCloseDays: 14,
      siteUrl: 'https://help.example.com/support',
      mailFrom: 'help@example.com',
      levels: 2,
      agentCapacity: 4,
      traineeUrgent: true,
      specialistOwnership: true,
    });
  });

  it.each([
    [{ AGENT_CAPACITY: '0' }, /AGENT_CAPACITY: "0" is not a whole number/],
    [{ AGENT_CAPACITY: 'ten' }, /AGENT_CAPACITY: "ten"/],
    [{ TRAINEE_URGENT: 'yes' }, /TRAINEE_URGENT: "yes" is not 0/],
    [{ FIRST_RESPONSE_HOURS: 'low=72' }, /FIRST_RESPONSE_HOURS: "low=72" is not "priority:hours"/],
    [{ FIRST_RESPONSE_HOURS: 'low:72,normal:24,high:8,critical:1' }, /unknown priority "critical"/],
    [{ FIRST_RESPONSE_HOURS: 'low:72,normal:24,high:8' }, /missing urgent/],
    [{ FIRST_RESPONSE_HOURS: 'low:72,low:24,high:8,urgent:2' }, /"low" is given twice/],
    [{ FIRST_RESPONSE_HOURS: 'low:72,normal:0,high:8,urgent:2' }, /"normal" must be more than 0/],
    [{ AUTO_CLOSE_DAYS: 'seven' }, /AUTO_CLOSE_DAYS: "seven" is not a whole number/],
    [{ AUTO_CLOSE_DAYS: '0' }, /at least 1/],
    [{ AUTO_CLOSE_DAYS: '2.5' }, /whole number/],
    [{ SITE_URL: 'help.example.com' }, /SITE_URL: "help.example.com" is not an absolute URL/],
    [{ SITE_URL: 'ftp://help.example.com' }, /must start with http/],
    [{ MAIL_FROM: 'Support' }, /MAIL_FROM: "Support" is not an address/],
  ])('refuses %o with a clear error', (env, message) => {
    expect(() => parseDeskConfig(env)).toThrow(message);
  });
});

describe('desk e-mails', () => {
  const ticket: Ticket = {
    id: 1,
    reference: 'T-2026-000042',
    customerName: 'Max Muster',
    customerEmail: 'max@example.com',
    subject: 'Export\r\nfails',
    category: 'exports',
    lang: 'en',
    priority: 'normal',
    status: 'new',
    level: 1,
    assigneeId: null,
    channel: 'web',
    handlingSeconds: null,
    callOutcome: null,
    solution: null,
    sourceQuery: null,
    sourceArticle: null,
    createdAt: NOW,
    updatedAt: NOW,
    firstResponseDue: NOW,
    firstResponseAt: null,
    resolutionDue: null,
    solvedAt: null,
    closedAt: null,
    version: 1,
  };
  const token = 'A'.repeat(43);

  it('builds the status and article links from the site URL', () => {
    expect(statusUrl(CONFIG, token)).toBe(`https://help.tallyhaus.example/tickets/status/${token}`);
    expect(articleUrl(CONFIG, 'billing/größe', 'de')).toBe('https://help.tallyhaus.example/de/articles/billing/gr%C3%B6%C3%9Fe');
  });

  it('puts the placeholder of the private link into every mail, never the token', () => {
    const confirmation = confirmationEmail(ticket, CONFIG);
    expect(confirmation.subject).toBe('[T-2026-000042] We received your request: Export fails');
    expect(confirmation.body).toContain('T-2026-000042');
    const reply = replyEmail(ticket, { body: 'Try again.', authorName: 'Fiona' }, CONFIG);
    const solution = solutionEmail(ticket, { summary: 'Fixed.', articleSlug: null }, CONFIG);
    for (const mail of [confirmation, reply, solution]) {
      expect(mail.body).not.toContain(token);
      expect(mail.body).toContain('T-2026-000042');
      expect(mail.body).toMatch(/^\{\{status-link\}\}$/m);
      expect(mail.subject).not.toMatch(/[\r\n]/);
    }
    expect(solution.body).not.toContain('/articles/');
  });

  it('writes German for German tickets', () => {
    const german = { ...ticket, lang: 'de' as const };
    expect(confirmationEmail(german, CONFIG).body).toMatch(/^Hallo Max Muster,/);
    expect(replyEmail(german, { body: 'x', authorName: 'Fiona' }, CONFIG).subject).toMatch(/Neue Antwort/);
    expect(solutionEmail(german, { summary: null, articleSlug: 'export-data-as-csv' }, CONFIG).body).toContain('Eine ausführliche Anleitung finden Sie hier:');
    expect(confirmationEmail(german, CONFIG).body).toMatch(/-- \nTallyhaus Support\n/);
  });

  it('removes private status links from a sent body', () => {
    expect(redactStatusLinks(`Link: ${statusUrl(CONFIG, token)}\nOther: https://x/tickets/status`)).toBe(
      'Link: https://help.tallyhaus.example/tickets/status/[private link removed after sending]\nOther: https://x/tickets/status',
    );
  });
});
