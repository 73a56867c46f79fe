/** The shared sanitising step: no NUL or other control character in stored customer or staff text. */
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanMultiline } from '../../../src/lib/server/platform/clean-text.ts';
import { ticketInputSchema } from '../../../src/lib/server/desk/ticket-input.ts';
import { newUserSchema } from '../../../src/lib/server/accounts/users.ts';
import { validateTemplate } from '../../../src/lib/server/desk/answer-templates.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('cleanLine', () => {
  it.each([
    ['Rita\0 Rate', 'Rita Rate'],
    ['Ri\0ta', 'Rita'],
    ['  Rita\r\nRate\t ', 'Rita Rate'],
    ['Rita\u001b[31m Rate\u0007', 'Rita [31m Rate'],
    ['Rita\u0085Rate\u007f', 'Rita Rate'],
    ['\u202Eetar atiR', 'etar atiR'],
    ['Jürgen Ölmann 😀', 'Jürgen Ölmann 😀'],
  ])('%j → %j', (input, expected) => {
    expect(cleanLine(input)).toBe(expected);
  });
});

describe('cleanMultiline', () => {
  it('keeps line breaks and tabs, drops NUL and other control characters', () => {
    expect(cleanMultiline(' line 1\r\nline\0 2\rline\t3\u0000\u001b\u2066 ')).toBe('line 1\nline 2\nline\t3');
  });
});

describe('the input schemas strip control characters before anything is stored', () => {
  it('ticket form: name, subject, description and search query', () => {
    const parsed = ticketInputSchema.parse({
      name: 'Ri\0ta\u0007',
      email: 'rita@example.com',
      subject: 'Sub\0ject\nline',
      description: 'Hello\0\r\nworld\u001b',
      category: 'account',
      lang: 'en',
      sourceQuery: 'q\0uery',
    });
    expect(parsed).toMatchObject({ name: 'Rita', subject: 'Subject line', description: 'Hello\nworld', sourceQuery: 'query' });
    for (const value of Object.values(parsed)) if (typeof value === 'string') expect(value).not.toMatch(CONTROL);
  });
  it('a name of control characters only counts as empty', () => {
    expect(ticketInputSchema.safeParse({ name: '\0\u0007', email: 'a@b.example', subject: 's', description: 'd', category: 'account', lang: 'en' }).success).toBe(false);
  });
  it('staff names', () => {
    expect(newUserSchema.parse({ email: 'a@b.example', name: 'Jonas\0 Weber\u202E', role: 'admin', password: 'x' }).name).toBe('Jonas Weber');
  });
  it('standard answers', () => {
    const template = validateTemplate({ title: 'Ti\0tle', lang: 'en', body: 'Body\0 text\u0007', articleSlug: null }, () => undefined);
    expect(template).toMatchObject({ title: 'Title', body: 'Body text' });
  });
});
