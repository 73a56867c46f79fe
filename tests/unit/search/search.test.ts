/**
 * Search behaviour through ArticleStore + SearchEngine over a small bilingual knowledge
 * base (tests/unit/search-fixture.ts): typos, prefixes, compounds, umlauts, ranking,
 * translations and synonyms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine, type SearchResult } from '../../../src/lib/server/search/search.ts';
import { OTHER_LANGUAGE_FACTOR } from '../../../src/lib/search/query.ts';
import type { Lang } from '../../../src/lib/languages.ts';
import { makeTempDir, removeDir } from '../helpers.ts';
import { writeSearchFixture } from './fixture.ts';

let contentDir: string;
let store: ArticleStore;
let engine: SearchEngine;

beforeAll(async () => {
  contentDir = makeTempDir();
  writeSearchFixture(contentDir);
  store = new ArticleStore(contentDir, () => {});
  await store.load();
  // Without the shipped vocabulary: these tests pin the engine's own matching and the
  // knowledge base's synonyms.yml; the vocabulary has tests of its own (vocabulary.test.ts).
  engine = new SearchEngine(store, undefined, { vocabulary: false });
  await engine.ready();
});

afterAll(() => removeDir(contentDir));

/** Slugs of the public results, best first. */
const slugs = (query: string, lang: Lang, options: { floor?: number } = {}): string[] =>
  engine.search(query, lang, options).map((result) => result.slug);

/** The ranking alone, without the relevance floor (tests of the order of partial matches). */
const unfloored = { floor: 0 };

/** Position of a slug in the results, or Infinity when it is not found. */
const rank = (results: string[], slug: string): number => (results.includes(slug) ? results.indexOf(slug) : Number.POSITIVE_INFINITY);

it('loads the whole fixture without problems', () => {
  expect(store.problems()).toEqual([]);
  expect(engine.size('public')).toBe(store.all().length - 2);
});

describe('typos', () => {
  it('finds the password article for "pasword"', () => {
    expect(slugs('pasword', 'en')[0]).toBe('reset-password');
  });

  it('finds "Rechnung" for "Rechnug"', () => {
    expect(slugs('Rechnug', 'de')[0]).toBe('rechnung-erstellen');
  });

  it('allows two edits in a word of eight letters or more ("Anscrifft" → Anschrift)', () => {
    expect(slugs('Anscrifft', 'de')).toEqual(['anschrift-aendern']);
  });

  // "Zahlungserinnerung" is indexed by its stem "zahlungserinner": the typo must be matched
  // against stems, not only against the word as typed.
  it('allows two edits in a long word whose stem drops an ending ("Zahlungserinerrung")', () => {
    expect(slugs('Zahlungserinerrung', 'de')[0]).toBe('zahlungserinnerung');
    expect(slugs('Zahlungserinerung', 'de')[0]).toBe('zahlungserinnerung');
  });

  it('allows only one edit in a word shorter than eight letters ("Rchnug")', () => {
    expect(slugs('Rchnug', 'de')).toEqual([]);
  });

  it('does not correct three-letter words', () => {
    expect(slugs('pdf', 'en')).toContain('create-invoice');
    expect(slugs('pfd', 'en')).toEqual([]);
    expect(slugs('csv', 'en')).toContain('export-data');
    expect(slugs('cvs', 'en')).toEqual([]);
  });
});

describe('prefixes', () => {
  it('completes the last word ("passw")', () => {
    expect(slugs('passw', 'en')[0]).toBe('reset-password');
  });

  it('completes a long German word ("Zahlungser")', () => {
    expect(slugs('Zahlungser', 'de')[0]).toBe('zahlungserinnerung');
  });

  it('completes only the last word', () => {
    const results = slugs('passw Anschrift', 'de', unfloored);
    expect(results[0]).toBe('anschrift-aendern');
    expect(results).not.toContain('passwort-zuruecksetzen');
  });
});

describe('German compounds', () => {
  it('finds "Druckertreiber" for "Drucker Treiber"', () => {
    expect(slugs('Drucker Treiber', 'de')[0]).toBe('druckertreiber');
  });

  it('finds "Druckertreiber" for "Drucker-Treiber"', () => {
    expect(slugs('Drucker-Treiber', 'de')[0]).toBe('druckertreiber');
  });

  it('finds an article with "Drucker" and "Treiber" as separate words for "Druckertreiber"', () => {
    expect(slugs('Druckertreiber', 'de')).toContain('etiketten');
  });
});

describe('umlauts and ß', () => {
  it('finds "Gebühr" for "Gebuehr" and "Gebühren"', () => {
    expect(slugs('Gebuehr', 'de')[0]).toBe('gebuehren');
    expect(slugs('Gebühren', 'de')[0]).toBe('gebuehren');
  });

  it('finds "Straße" for "Strasse" and "strasse"', () => {
    expect(slugs('Strasse', 'de')).toEqual(['anschrift-aendern']);
    expect(slugs('strasse', 'de')).toEqual(['anschrift-aendern']);
  });

  it('finds "Auslandsüberweisungen" for "Auslandsueberweisung"', () => {
    expect(slugs('Auslandsueberweisung', 'de')[0]).toBe('gebuehren');
  });
});

describe('ranking', () => {
  it('ranks a title match above a body-only match', () => {
    const results = slugs('delivery', 'en');
    expect(results).toEqual(['delivery-notes', 'shipping-costs']);
  });

  it('ranks an exact match above a near miss ("export" vs. "expert")', () => {
    const results = slugs('export', 'en');
    expect(results[0]).toBe('export-data');
    expect(rank(results, 'expert-mode')).toBeGreaterThan(0);
  });

  it('ranks a mistyped word’s matches below exact ones in a multi-word query', () => {
    // Both articles are about passwords; only one also has the (mistyped) word "link".
    const withTypo = engine.search('password lnik', 'en');
    expect(withTypo[0]?.slug).toBe('reset-password');
    const exact = engine.search('password link', 'en');
    expect(exact[0]?.slug).toBe('reset-password');
    expect(exact[0].score).toBeGreaterThan(withTypo[0].score);
  });

  it('ranks an article matching every word above one matching some', () => {
    // Alone, "Rechnung" ranks the invoice article first; the address article names it only in passing.
    expect(slugs('Rechnung', 'de').slice(0, 2)).toEqual(['rechnung-erstellen', 'anschrift-aendern']);
    // With "Anschrift" as well, the article that covers both words comes first.
    expect(slugs('Rechnungen Anschrift', 'de', unfloored).slice(0, 2)).toEqual(['anschrift-aendern', 'rechnung-erstellen']);
  });
});

describe('languages and translations', () => {
  it('shows the reader’s language version of a translated pair, once', () => {
    expect(slugs('password', 'de')).toEqual(['passwort-zuruecksetzen']);
    expect(slugs('password', 'en')).toEqual(['reset-password']);
    expect(slugs('Passwort vergessen', 'en')).toEqual(['reset-password']);
    expect(slugs('Rechnung', 'en')[0]).toBe('create-invoice');
    expect(slugs('invoice', 'de')[0]).toBe('rechnung-erstellen');
  });

  it('never returns two versions of one translation group', () => {
    for (const [query, lang] of [['PDF', 'de'], ['PDF', 'en'], ['Mail', 'de'], ['Rechnung PDF', 'en']] as const) {
      const keys = engine.search(query, lang).map((result) => store.get(result.slug)?.translationKey);
      expect(new Set(keys).size, `${query} (${lang})`).toBe(keys.length);
    }
  });

  it('finds articles in both languages', () => {
    for (const lang of ['de', 'en'] as const) {
      const results = engine.search('CSV', lang);
      expect(results.map((result) => `${result.slug}:${result.lang}`).sort()).toEqual(['datev-export:de', 'export-data:en']);
    }
  });

  it('holds back a result that exists only in the other language', () => {
    const scoreOf = (lang: Lang): number | undefined => engine.search('CSV', lang).find((result) => result.slug === 'export-data')?.score;
    expect(scoreOf('de')).toBeCloseTo(scoreOf('en')! * OTHER_LANGUAGE_FACTOR, 6);
    expect(OTHER_LANGUAGE_FACTOR).toBeLessThan(1);
  });

  it('shows a German title match to an English reader in English', () => {
    expect(engine.search('Rechnung erstellen', 'en')[0]).toMatchObject({ slug: 'create-invoice', lang: 'en' });
  });
});

describe('synonyms from synonyms.yml', () => {
  it('finds the "Ordner" article for "directory", "folder" and "Verzeichnis"', () => {
    expect(slugs('directory', 'en')).toEqual(['belege-ablegen']);
    expect(slugs('folder', 'de')).toEqual(['belege-ablegen']);
    expect(slugs('Verzeichnis', 'de')).toEqual(['belege-ablegen']);
  });

  it('corrects a typo in a word that only the synonyms know', () => {
    expect(slugs('direcotry', 'en')).toEqual(['belege-ablegen']);
    expect(slugs('Verzeichnsi', 'de')).toEqual(['belege-ablegen']);
  });

  it('ranks the word itself above a synonym', () => {
    const direct = engine.search('Ordner', 'de')[0];
    const synonym = engine.search('Verzeichnis', 'de')[0];
    expect(direct.slug).toBe(synonym.slug);
    expect(direct.score).toBeGreaterThan(synonym.score);
  });

  it('applies a changed synonyms.yml after a rescan', async () => {
    fs.writeFileSync(path.join(contentDir, 'synonyms.yml'), '- [Verzeichnis, Ordner]\n');
    await store.rescan();
    await engine.scheduleRebuild();
    expect(slugs('directory', 'en')).toEqual([]);
    expect(slugs('Verzeichnis', 'de')).toEqual(['belege-ablegen']);

    fs.writeFileSync(path.join(contentDir, 'synonyms.yml'), '- [folder, directory, Ordner, Verzeichnis]\n');
    await store.rescan();
    await engine.scheduleRebuild();
    expect(slugs('directory', 'en')).toEqual(['belege-ablegen']);
  });
});

describe('results', () => {
  it('marks the matched words in title and snippet', () => {
    const [result] = engine.search('Gebuehr', 'de');
    const marked = (segments: SearchResult['title']): string[] => segments.filter((segment) => segment.mark).map((segment) => segment.text);
    expect(marked(result.title)).toEqual(['Gebühr']);
    expect(marked(result.snippet)).toEqual(['Gebühr']);
    expect(result.title.map((segment) => segment.text).join('')).toBe('Gebühr für Auslandsüberweisungen');
  });

  it('returns nothing for empty queries and queries of stop words only', () => {
    expect(engine.search('', 'en')).toEqual([]);
    expect(engine.search('   ', 'de')).toEqual([]);
    expect(engine.search('the and of', 'en')).toEqual([]);
    expect(engine.search('der die das', 'de')).toEqual([]);
  });

  it('respects the limit', () => {
    expect(engine.search('Rechnung', 'de', { limit: 1 })).toHaveLength(1);
  });
});
