/**
 * `ticketInputSchema`: the customer form's rules as the domain applies them.
 */
import { describe, expect, it } from 'vitest';
import { ticketInputSchema } from '../../../src/lib/server/desk/ticket-input.ts';
import { ticketForm } from './fixture.ts';

describe('ticketInputSchema', () => {
  it('accepts a valid form, trims it and collapses the subject to one line', () => {
    const result = ticketInputSchema.parse(
      ticketForm({ name: '  Erika ', email: ' erika@example.com ', subject: ' Two\r\nlines\t here ', description: ' Line 1\r\nLine 2 ', sourceQuery: '', sourceArticle: 'reset-password' }),
    );
    expect(result).toMatchObject({ name: 'Erika', email: 'erika@example.com', subject: 'Two lines here', description: 'Line 1\nLine 2', sourceArticle: 'reset-password' });
    expect(result.sourceQuery).toBeUndefined();
  });

  const cases: [string, Partial<Record<string, unknown>>, string, RegExp][] = [
    ['empty name', { name: '  ' }, 'name', /enter your name/],
    ['long name', { name: 'x'.repeat(101) }, 'name', /at most 100/],
    ['empty e-mail', { email: '' }, 'email', /enter your e-mail/],
    ['bad e-mail', { email: 'erika@' }, 'email', /valid e-mail/],
    ['long e-mail', { email: `${'a'.repeat(250)}@example.com` }, 'email', /at most 254/],
    ['empty subject', { subject: '' }, 'subject', /enter a subject/],
    ['long subject', { subject: 's'.repeat(201) }, 'subject', /at most 200/],
    ['empty description', { description: ' \n ' }, 'description', /describe your question/],
    ['long description', { description: 'd'.repeat(20_001) }, 'description', /at most 20,000/],
    ['category not kebab-case', { category: 'Invoices & more' }, 'category', /choose a category/],
    ['unknown language', { lang: 'fr' }, 'lang', /choose a language/],
  ];
  it.each(cases)('rejects %s with a message at the field', (_name, override, field, message) => {
    const result = ticketInputSchema.safeParse({ ...ticketForm(), ...override });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((entry) => entry.path[0] === field);
    expect(issue?.message).toMatch(message);
  });

  it('accepts the limits exactly', () => {
    expect(ticketInputSchema.safeParse(ticketForm({ subject: 's'.repeat(200), description: 'd'.repeat(20_000), name: 'n'.repeat(100) })).success).toBe(true);
  });
});
