/**
 * German compounds in the articles, found by their head (compound-parts.ts): "Treiber" finds
 * the article about the "Druckertreiber"; the split uses only the index's own terms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitIntoKnownParts } from '../../../src/lib/search/compound-parts.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir } from '../helpers.ts';
import { writeSearchFixture } from './fixture.ts';

describe('splitIntoKnownParts', () => {
  const known = new Set(['platt', 'platz', 'verbrauch', 'fest', 'rechnung', 'nummer', 'speicher']);
  const split = (term: string): string[] => splitIntoKnownParts(term, (part) => known.has(part));

  it('splits into known parts, with linking elements between them', () => {
    expect(split('festplatt')).toEqual(['fest', 'platt']);
    expect(split('rechnungsnummer')).toEqual(['rechnung', 'nummer']);
    expect(split('plattenplatzverbrauch')).toEqual(['platt', 'platz', 'verbrauch']);
  });

  it('leaves words alone that are no compound of known parts', () => {
    expect(split('platz')).toEqual([]);
    expect(split('platzhalter')).toEqual([]);
    expect(split('festival')).toEqual([]);
  });
});

describe('search by a compound’s head', () => {
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
  afterAll(async () => {
    await engine.close();
    removeDir(contentDir);
  });

  it('finds the "Druckertreiber" article for "Treiber", first', () => {
    expect(engine.search('Treiber', 'de').map((hit) => hit.slug)[0]).toBe('druckertreiber');
  });
});
