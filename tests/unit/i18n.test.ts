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
  // Every file in src/lib/messages/ holds the keys of one prefix, in English and German.
  const catalogues = async (): Promise<{ file: string; en: Record<string, string>; de: Record<string, string> }[]> => {
    const fs = await import('node:fs');
    const folder = new URL('../../src/lib/messages/', import.meta.url);
    const files = fs.readdirSync(folder).filter((file) => file.endsWith('.ts')).sort();
    return Promise.all(files.map(async (file) => ({ file, ...(await import(new URL(file, folder).href)) })));
  };

  it('has the same keys in German and English, each file holding the keys of the prefix it is named for', async () => {
    const all = await catalogues();
    expect(all.length).toBeGreaterThan(20);
    for (const { file, en, de } of all) {
      expect(Object.keys(de).sort(), file).toEqual(Object.keys(en).sort());
      const prefix = file.replace(/\.ts$/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      for (const key of Object.keys(en)) expect(key.split('.')[0], `${key} in ${file}`).toBe(prefix);
    }
  });

  it('has a non-empty text for every key in both languages, with the same placeholders, all reachable through t()', async () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    let count = 0;
    for (const { en } of await catalogues()) {
      for (const key of Object.keys(en) as MessageKey[]) {
        const english = t('en', key);
        const german = t('de', key);
        expect(english, key).toMatch(/\S/);
        expect(german, key).toMatch(/\S/);
        expect(placeholders(german), key).toEqual(placeholders(english));
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(900);
  });
});
