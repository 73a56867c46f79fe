/**
 * The relevance floor: a query whose meaningful words the knowledge base does not cover
 * well enough gets no results (and is logged as a zero-result search by its callers),
 * while typos, the word being typed and partial matches of real questions still find.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import type { Lang } from '../../../src/lib/languages.ts';
import { makeTempDir, removeDir } from '../helpers.ts';
import { writeSearchFixture } from './fixture.ts';

let contentDir: string;
let engine: SearchEngine;

beforeAll(async () => {
  contentDir = makeTempDir();
  writeSearchFixture(contentDir);
  const store = new ArticleStore(contentDir, () => {});
  await store.load();
  engine = new SearchEngine(store);
  await engine.ready();
});

afterAll(() => removeDir(contentDir));

const slugs = (query: string, lang: Lang, floor?: number): string[] => engine.search(query, lang, { floor }).map((result) => result.slug);

describe('relevance floor', () => {
  it('answers "no results" when the word the question is about is unknown to the knowledge base', () => {
    // "Rechnung" alone finds the invoice article; "Shopify" is what the question is about.
    expect(slugs('Rechnung', 'de')).toContain('rechnung-erstellen');
    expect(slugs('Shopify Rechnung erstellen', 'de')).toEqual([]);
    expect(slugs('connect my Shopify store to invoices', 'en')).toEqual([]);
  });

  it('does not count a pasted number or code that nothing knows, beside other words', () => {
    expect(slugs('Rechnung erstellen 4711-0815', 'de')).toContain('rechnung-erstellen');
    expect(slugs('Rechnung erstellen mgx3k2p1', 'de')).toContain('rechnung-erstellen');
    // Alone, such a word is still unknown: no results.
    expect(slugs('mgx3k2p1', 'de')).toEqual([]);
    // A word without a digit that nothing knows still is the topic.
    expect(slugs('Shopify Rechnung erstellen', 'de')).toEqual([]);
  });

  it('does not take a German word in lower case for the topic, in a query with capitals', () => {
    // German capitalises nouns: "klappt irgendwie" is how the question is asked, not what it is about.
    expect(slugs('Rechnung erstellen klappt irgendwie', 'de')).toContain('rechnung-erstellen');
    // Capitalised, an unknown word may be the topic; all in lower case, case says nothing.
    expect(slugs('Rechnung erstellen Irgendwie', 'de')).toEqual([]);
    expect(slugs('rechnung erstellen klappt irgendwie', 'de')).toEqual([]);
  });

  it('counts an English verb particle as part of its verb, not as a word of its own', () => {
    // "out" is in no article; beside "send" it is no topic the knowledge base lacks.
    expect(slugs('send out the invoice', 'en')[0]).toBe('create-invoice');
    expect(slugs('send the invoice out', 'en')[0]).toBe('create-invoice');
  });

  it('still lists the partial matches with the floor turned off (as "more like this" does)', () => {
    expect(slugs('Shopify Rechnung erstellen', 'de', 0)).toContain('rechnung-erstellen');
  });

  it('keeps results that cover the question’s meaningful words, stop words aside', () => {
    expect(slugs('Wie kann ich eine Rechnung erstellen?', 'de')[0]).toBe('rechnung-erstellen');
    expect(slugs('how do I reset my password', 'en')[0]).toBe('reset-password');
  });

  it('drops a result that matches only a minor word of a longer question', () => {
    // The address article names invoices in passing; the question is about a delivery date.
    expect(slugs('Lieferdatum Zahlungsziel Rechnungen', 'de')).not.toContain('anschrift-aendern');
  });

  it('counts a typo correction and the word being typed as a match on their own', () => {
    expect(slugs('pasword', 'en')[0]).toBe('reset-password');
    expect(slugs('passw', 'en')[0]).toBe('reset-password');
    expect(slugs('Rechnug erstellen', 'de')[0]).toBe('rechnung-erstellen');
  });

  it('counts a guessed word only partly: an unknown word beside a typo sinks the query', () => {
    expect(slugs('Rechnug Bitcoinzahlung Kryptobörse', 'de')).toEqual([]);
  });

  it('takes the parts of a compound that nothing knows as a guess, not as a match', () => {
    // No article is about a "password printer": its parts alone used to carry two loose results.
    expect(slugs('Passwortdrucker', 'de')).toEqual([]);
    expect(slugs('Passwortdrucker', 'de', 0)).toContain('passwort-zuruecksetzen');
    // A compound the index knows still finds, also through its parts written apart.
    expect(slugs('Druckertreiber', 'de')[0]).toBe('druckertreiber');
  });

  it('bridges languages through the synonyms without counting the bridge as a gap', () => {
    expect(slugs('directory', 'en').length).toBeGreaterThan(0);
  });
});
