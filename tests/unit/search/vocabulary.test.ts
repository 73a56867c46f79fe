/**
 * The shipped support vocabulary: well-formed data, weighted below the knowledge base's own
 * synonyms, and used by search (a customer's "bill" finds the invoice article).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_VOCABULARY } from '../../../src/lib/search/vocabulary.ts';
import { SHIPPED_SYNONYM_WEIGHT, Thesaurus } from '../../../src/lib/search/thesaurus.ts';
import { tokenize } from '../../../src/lib/search/analyzer.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir } from '../helpers.ts';
import { writeSearchFixture } from './fixture.ts';

const word = (text: string) => tokenize(text)[0];

describe('the vocabulary data', () => {
  it('has groups of at least two distinct, lower-case, non-empty entries', () => {
    expect(SUPPORT_VOCABULARY.length).toBeGreaterThan(100);
    for (const group of SUPPORT_VOCABULARY) {
      expect(group.length, group.join(', ')).toBeGreaterThanOrEqual(2);
      expect(new Set(group).size, group.join(', ')).toBe(group.length);
      for (const entry of group) {
        expect(entry, group.join(', ')).toBe(entry.toLowerCase().trim());
        expect(tokenize(entry).length, entry).toBeGreaterThan(0);
      }
    }
  });

  it('bridges everyday and technical words and German and English', () => {
    const thesaurus = new Thesaurus([], SUPPORT_VOCABULARY);
    const of = (text: string): string[] => thesaurus.synonymsOf(word(text)).map((synonym) => synonym.folded);
    expect(of('bill')).toEqual(expect.arrayContaining(['invoice', 'rechnung']));
    expect(of('zugang')).toEqual(expect.arrayContaining(['login', 'anmeldung']));
    expect(of('ordner')).toEqual(expect.arrayContaining(['folder', 'directory']));
    expect(of('papierkorb')).toEqual(expect.arrayContaining(['trash']));
    expect(of('doppelte')).toEqual(expect.arrayContaining(['duplicate']));
    expect(of('verkleinern')).toEqual(expect.arrayContaining(['resize', 'shrink']));
    expect(of('geraete')).toEqual(expect.arrayContaining(['devices']));
    expect(of('software')).toEqual(expect.arrayContaining(['package', 'programm']));
    expect(of('nightly')).toEqual(expect.arrayContaining(['daily', 'taeglich']));
    expect(of('sekunden')).toEqual(expect.arrayContaining(['seconds']));
    expect(of('zwischenablage')).toEqual(expect.arrayContaining(['clipboard']));
    expect(of('belegt')).toEqual(expect.arrayContaining(['occupied']));
  });
});

describe('weights', () => {
  it('counts a shipped synonym at the reduced weight and the knowledge base’s own at full weight', () => {
    const thesaurus = new Thesaurus([['bill', 'faktura']], SUPPORT_VOCABULARY);
    const weights = new Map(thesaurus.weightedSynonymsOf(word('bill')).map((synonym) => [synonym.word.folded, synonym.weight]));
    expect(weights.get('faktura')).toBe(1);
    expect(weights.get('invoice')).toBeCloseTo(SHIPPED_SYNONYM_WEIGHT);
    expect(SHIPPED_SYNONYM_WEIGHT).toBeLessThan(1);
  });

  it('ships only the knowledge base’s groups to the browser payload (the vocabulary is in the bundle)', () => {
    expect(new Thesaurus([['a1', 'b1']], SUPPORT_VOCABULARY).groups).toEqual([['a1', 'b1']]);
  });
});

describe('search with the vocabulary', () => {
  let contentDir: string;
  let store: ArticleStore;
  beforeAll(async () => {
    contentDir = makeTempDir();
    writeSearchFixture(contentDir);
    store = new ArticleStore(contentDir, () => {});
    await store.load();
  });
  afterAll(() => removeDir(contentDir));

  it('finds the invoice article for a customer’s "bill", which no article and no synonyms.yml says', async () => {
    const withVocabulary = new SearchEngine(store);
    const without = new SearchEngine(store, undefined, { vocabulary: false });
    await Promise.all([withVocabulary.ready(), without.ready()]);
    expect(withVocabulary.search('create a bill', 'en').map((result) => result.slug)[0]).toBe('create-invoice');
    expect(without.search('create a bill', 'en').map((result) => result.slug)).not.toContain('create-invoice');
  });
});
