/** Interface texts: placeholders, plurals, dates, and the same keys in both languages. */
import { describe, expect, it } from 'vitest';
import { formatDate, plural, t, type MessageKey } from '../../src/lib/i18n.ts';

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'search.resultsFor', { query: 'invoice' })).toBe('Results for “invoice”');
    expect(t('de', 'search.resultsFor', { query: 'Rechnung' })).toBe('Ergebnisse für „Rechnung“');
    expect(t('en', 'search.page', { page: 3 })).toBe('Page 3');
  });

  it('leaves a placeholder without a value as it is', () => {
    expect(t('en', 'search.resultsFor')).toBe('Results for “{query}”');
  });

  it('inserts values literally, without interpreting them', () => {
    expect(t('en', 'search.resultsFor', { query: '{count} $& <b>' })).toBe('Results for “{count} $& <b>”');
  });
});

describe('plural', () => {
  it('picks the singular for one and the plural otherwise', () => {
    expect(plural('en', 'search.count', 1)).toBe('1 article found');
    expect(plural('en', 'search.count', 0)).toBe('0 articles found');
    expect(plural('de', 'search.count', 5)).toBe('5 Artikel gefunden');
    expect(plural('de', 'search.instant.count', 1)).toBe('1 Vorschlag verfügbar');
  });
});

describe('formatDate', () => {
  it('writes dates the way each language does, in UTC', () => {
    const date = new Date('2026-10-14T23:30:00Z');
    expect(formatDate('de', date)).toBe('14. Oktober 2026');
    expect(formatDate('en', date)).toBe('14 October 2026');
  });
});

describe('message catalogue', () => {
  // The catalogues are not exported: their keys are read from the module's source, and every
  // key is then looked up through t() in both languages (a missing text throws).
  const keysOf = async (): Promise<{ en: string[]; de: string[] }> => {
    const source = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../src/lib/i18n.ts', import.meta.url), 'utf8'));
    const block = (name: string): string[] => {
      const start = source.search(new RegExp(`\\nconst ${name}\\b`));
      const end = source.indexOf('\n}', start);
      expect(start, `catalogue ${name}`).toBeGreaterThanOrEqual(0);
      return [...source.slice(start, end).matchAll(/^\s+'([^']+)':/gm)].map((match) => match[1]);
    };
    return { en: block('en'), de: block('de') };
  };

  it('has the same keys in German and English', async () => {
    const { en, de } = await keysOf();
    expect(en.length).toBeGreaterThan(20);
    expect([...de].sort()).toEqual([...en].sort());
  });

  it('has a non-empty text for every key in both languages, with the same placeholders', async () => {
    const { en } = await keysOf();
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of en as MessageKey[]) {
      const english = t('en', key);
      const german = t('de', key);
      expect(english, key).toMatch(/\S/);
      expect(german, key).toMatch(/\S/);
      expect(placeholders(german), key).toEqual(placeholders(english));
    }
  });
});
