/**
 * Staff replies in Markdown for customers: sanitised HTML for the status page and the HTML
 * part, a readable plain-text part (links written out), and one greeting per e-mail.
 */
import { describe, expect, it } from 'vitest';
import { markdownToReadableText, renderCustomerMessage, startsWithGreeting } from '../../../src/lib/server/mail/customer-markdown.ts';
import { replyEmail } from '../../../src/lib/server/mail/desk-emails.ts';
import { parseDeskConfig } from '../../../src/lib/server/desk/desk-config.ts';
import type { Ticket } from '../../../src/lib/server/desk/types.ts';

const CONFIG = parseDeskConfig({ SITE_URL: 'https://help.tallyhaus.example' });
const ticket = { reference: 'T-2026-000001', customerName: 'Carla Customer', lang: 'en', subject: 'Login' } as Ticket;

describe('renderCustomerMessage', () => {
  it('renders links and emphasis as sanitised HTML', () => {
    const { html } = renderCustomerMessage('See [Reset your password](https://help.tallyhaus.example/articles/reset-password) **now**.<script>alert(1)</script>', CONFIG.siteUrl);
    expect(html).toContain('<a href="https://help.tallyhaus.example/articles/reset-password">Reset your password</a>');
    // A link to another site is marked as an outside, user-written link.
    expect(renderCustomerMessage('[x](https://elsewhere.example/)', CONFIG.siteUrl).html).toContain('rel="noopener noreferrer nofollow ugc"');
    expect(html).toContain('<strong>now</strong>');
    expect(html).not.toContain('<script');
  });

  it('writes links out as addresses in the plain text, absolute, without Markdown syntax', () => {
    expect(markdownToReadableText('See [Reset](/articles/reset-password) and **this**.', CONFIG.siteUrl)).toBe('See Reset (https://help.tallyhaus.example/articles/reset-password) and this.');
    expect(markdownToReadableText('[https://x.example/a](https://x.example/a)')).toBe('https://x.example/a');
    expect(markdownToReadableText('# Steps\n* one\n* two\n> quoted `code`')).toBe('Steps\n- one\n- two\nquoted code');
    expect(renderCustomerMessage('[a](https://x.example)').text).toBe('a (https://x.example)');
  });
});

describe('replyEmail', () => {
  it('greets once: not again when the reply greets the customer itself', () => {
    const own = replyEmail(ticket, { body: 'Hello Carla Customer,\n\nplease use [Reset](https://help.tallyhaus.example/articles/reset-password).', authorName: 'Fiona' }, CONFIG);
    expect(own.body.match(/Hello/g)).toHaveLength(1);
    expect(own.body.startsWith('Hello Carla Customer,\n\nplease use Reset (https://help.tallyhaus.example/articles/reset-password).')).toBe(true);
    expect(own.body).not.toContain('](');
    const plain = replyEmail(ticket, { body: 'Try again.', authorName: 'Fiona' }, CONFIG);
    expect(plain.body.startsWith('Hello Carla Customer,\n\nFiona has replied to your request T-2026-000001:\n\nTry again.')).toBe(true);
    expect(startsWithGreeting('Hallo Frau Meier,')).toBe(true);
    expect(startsWithGreeting('Highlights of the fix')).toBe(false);
  });
});
