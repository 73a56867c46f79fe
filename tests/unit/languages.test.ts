/** Choosing the reader's language from the Accept-Language header. */
import { describe, expect, it } from 'vitest';
import { isLang, pickLangFromHeader } from '../../src/lib/languages.ts';

describe('pickLangFromHeader', () => {
  it('takes the first supported language', () => {
    expect(pickLangFromHeader('de')).toBe('de');
    expect(pickLangFromHeader('en')).toBe('en');
    expect(pickLangFromHeader('fr, en, de')).toBe('en');
  });

  it('reduces regional variants to the language', () => {
    expect(pickLangFromHeader('de-CH')).toBe('de');
    expect(pickLangFromHeader('en-GB,en;q=0.9')).toBe('en');
    expect(pickLangFromHeader('DE-at')).toBe('de');
  });

  it('follows q-values rather than the order', () => {
    expect(pickLangFromHeader('en;q=0.5, de;q=0.9')).toBe('de');
    expect(pickLangFromHeader('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(pickLangFromHeader('fr-FR, fr;q=0.9, en;q=0.8, de;q=0.7')).toBe('en');
  });

  it('keeps the header order for equal q-values', () => {
    expect(pickLangFromHeader('en;q=0.8, de;q=0.8')).toBe('en');
    expect(pickLangFromHeader('de;q=0.8, en;q=0.8')).toBe('de');
  });

  it('ignores languages the reader refuses (q=0) and broken q-values', () => {
    expect(pickLangFromHeader('de;q=0, en;q=0.1')).toBe('en');
    expect(pickLangFromHeader('de;q=abc, en;q=0.1')).toBe('en');
  });

  it('returns null when nothing fits', () => {
    expect(pickLangFromHeader(null)).toBeNull();
    expect(pickLangFromHeader('')).toBeNull();
    expect(pickLangFromHeader('fr, it;q=0.8')).toBeNull();
    expect(pickLangFromHeader('*')).toBeNull();
    expect(pickLangFromHeader('de;q=0')).toBeNull();
  });
});

describe('isLang', () => {
  it('accepts only the supported codes', () => {
    expect(isLang('de')).toBe(true);
    expect(isLang('en')).toBe(true);
    expect(isLang('DE')).toBe(false);
    expect(isLang('fr')).toBe(false);
    expect(isLang(undefined)).toBe(false);
  });
});
