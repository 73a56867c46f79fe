/**
 * Proximity evidence (proximity.ts, PASSAGE_FLOOR in query.ts): a query's words must stand
 * together in one passage of an article (its head with its summary or with a few
 * consecutive words of its text), not only somewhere in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir, writeArticle } from '../helpers.ts';
import { bestPassageCoverage, PROXIMITY_WINDOW, type DocWords, type SlotMasks } from '../../../src/lib/search/proximity.ts';
import { wordPositions } from '../../../src/lib/search/highlight.ts';

const words = (head: string, summary: string, body: string): DocWords => ({
  head: wordPositions(head, 'en'),
  summary: wordPositions(summary, 'en'),
  body: wordPositions(body, 'en'),
});

/** Query slots: tax = 1, return = 2, annual = 4 (a sure match each). */
const terms = new Map<string, SlotMasks>([
  ['tax', { mask: 1, strong: 1 }],
  ['return', { mask: 2, strong: 2 }],
  ['annual', { mask: 4, strong: 4 }],
]);
/** Share of the three slots covered (each weighs the same). */
const share = ({ strong }: SlotMasks): number => [1, 2, 4].filter((bit) => strong & bit).length / 3;
const filler = (n: number): string => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ');

describe('passage coverage', () => {
  it('is full when the words stand within one window of the text', () => {
    const doc = words('Exports', 'How exports work.', `${filler(30)} your annual tax return is due ${filler(30)}`);
    expect(bestPassageCoverage(doc, terms, share)).toBe(1);
  });

  it('is low when the words are scattered over the text', () => {
    const gap = filler(PROXIMITY_WINDOW + 5);
    const doc = words('Exports', 'How exports work.', `annual ${gap} tax ${gap} return`);
    expect(bestPassageCoverage(doc, terms, share)).toBeCloseTo(1 / 3);
  });

  it('counts the head (title and tags) in every passage', () => {
    const gap = filler(PROXIMITY_WINDOW + 5);
    const doc = words('Tax return', 'Filing it.', `${gap} annual ${gap}`);
    expect(bestPassageCoverage(doc, terms, share)).toBe(1);
    const bySummary = words('Tax', 'Your annual return.', gap);
    expect(bestPassageCoverage(bySummary, terms, share)).toBe(1);
  });

  it('lets the window size decide what is near', () => {
    const doc = words('Exports', '', `annual ${filler(5)} tax ${filler(5)} return`);
    expect(bestPassageCoverage(doc, terms, share, 20)).toBe(1);
    expect(bestPassageCoverage(doc, terms, share, 4)).toBeCloseTo(1 / 3);
  });

  it('matches a word of the text by its stem or as folded', () => {
    const doc = words('', '', 'Annual returns: taxes');
    expect(bestPassageCoverage(doc, terms, share)).toBe(1);
  });
});

describe('the passage floor in search', () => {
  let contentDir: string;
  let engine: SearchEngine;
  const pad = (word: string): string => `${word} ${filler(40)}.`;

  beforeAll(async () => {
    contentDir = makeTempDir();
    const base = { category: 'account', lang: 'en' as const, tags: [] as string[] };
    // Every word of "annual income tax return" is in this article, each far from the others.
    writeArticle(contentDir, 'scattered', {
      ...base,
      title: 'Exports for your adviser',
      summary: 'What the export file holds.',
      translationKey: 'scattered',
      body: [pad('The annual overview'), pad('Your income per month'), pad('The tax rates used'), pad('A return address')].join('\n\n'),
    });
    // Here they stand together.
    writeArticle(contentDir, 'together', {
      ...base,
      title: 'Year-end paperwork',
      summary: 'Deadlines at the end of the year.',
      translationKey: 'together',
      body: `${filler(40)}. File your annual income tax return before the deadline. ${filler(40)}.`,
    });
    const store = new ArticleStore(contentDir, () => {});
    await store.load();
    engine = new SearchEngine(store);
    await engine.ready();
  });

  afterAll(async () => {
    await engine.close();
    removeDir(contentDir);
  });

  const slugs = (query: string, options: { floor?: number; passageFloor?: number } = {}): string[] => engine.search(query, 'en', options).map((result) => result.slug);

  it('drops an article that has the words only scattered, keeps the one that has them together', () => {
    expect(slugs('annual income tax return')).toEqual(['together']);
    expect(slugs('annual income tax return', { passageFloor: 0 })).toEqual(expect.arrayContaining(['scattered', 'together']));
  });

  it('answers "no results" when every article has the words only scattered', () => {
    expect(slugs('overview income rates address')).toEqual([]);
    expect(slugs('overview income rates address', { passageFloor: 0 })).toEqual(['scattered']);
  });

  it('leaves one-word queries and "more like this" (floor off) alone', () => {
    expect(slugs('overview')).toEqual(['scattered']);
    expect(slugs('annual income tax return', { floor: 0 })).toEqual(expect.arrayContaining(['scattered', 'together']));
  });
});
