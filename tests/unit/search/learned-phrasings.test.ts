/**
 * Learned phrasings: the normalised words, proposals from clicks and deflections over the
 * thresholds (and only those), second-level decisions (a removed phrasing is never proposed
 * again; first level may not decide), the one-step add, the thresholds' settings, and search
 * putting a confirmed phrasing's article first, past the relevance floor.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import type { Role } from '../../../src/lib/server/accounts/roles.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import {
  addPhrasing,
  confirmedPhrasings,
  decidePhrasing,
  DEFAULT_PHRASING_THRESHOLDS,
  phrasingsOf,
  phrasingThresholdsFrom,
  proposePhrasings,
  PhrasingError,
} from '../../../src/lib/server/search/learned-phrasings.ts';
import { phrasingKey } from '../../../src/lib/search/learned-phrasing.ts';
import { makeTempDir, removeDir } from '../helpers.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { writeSearchFixture } from './fixture.ts';

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 24 * 60 * 60 * 1000;

let dir: string;
let store: ArticleStore;
let engine: SearchEngine;

beforeAll(async () => {
  dir = makeTempDir();
  writeSearchFixture(path.join(dir, 'content'));
  store = new ArticleStore(path.join(dir, 'content'), () => {});
  await store.load();
  engine = new SearchEngine(store, undefined, { vocabulary: false });
  await engine.ready();
}, 60_000);

afterAll(async () => {
  await engine.close();
  removeDir(dir);
});

describe('normalised words', () => {
  it('ignore order, case, stop words and inflection', () => {
    expect(phrasingKey('My bill is WRONG', 'en')).toBe(phrasingKey('wrong bills', 'en'));
    expect(phrasingKey('the', 'en')).toBe('');
    expect(phrasingKey('Rechnung falsch', 'de')).toBe(phrasingKey('falsche Rechnungen', 'de'));
  });
});

describe('thresholds', () => {
  it('default to 3 events, 0.6 share, 90 days and refuse bad settings by name', () => {
    expect(phrasingThresholdsFrom({})).toEqual({ minEvents: 3, minShare: 0.6, windowDays: 90 });
    expect(phrasingThresholdsFrom({ PHRASING_MIN_EVENTS: '5', PHRASING_MIN_SHARE: '0.8', PHRASING_WINDOW_DAYS: '30' })).toEqual({ minEvents: 5, minShare: 0.8, windowDays: 30 });
    expect(() => phrasingThresholdsFrom({ PHRASING_MIN_EVENTS: '0' })).toThrow(/PHRASING_MIN_EVENTS/);
    expect(() => phrasingThresholdsFrom({ PHRASING_MIN_SHARE: '1.5' })).toThrow(/PHRASING_MIN_SHARE/);
    expect(() => phrasingThresholdsFrom({ PHRASING_WINDOW_DAYS: 'soon' })).toThrow(/PHRASING_WINDOW_DAYS/);
  });
});

describe.each(ENGINES)('learned phrasings on %s', (engineName) => {
  const env = useDatabase(engineName);
  let database: Database;
  let second: { id: number; role: Role };
  let first: { id: number; role: Role };

  const click = async (query: string, slug: string, at = NOW - DAY, lang = 'en'): Promise<void> => {
    await database.kysely.insertInto('search_click').values({ query, article_slug: slug, lang, created_at: at }).execute();
  };
  const deflection = async (query: string, slug: string, at = NOW - DAY, lang = 'en'): Promise<void> => {
    await database.kysely.insertInto('deflections').values({ query, article_slug: slug, lang, created_at: at }).execute();
  };
  const user = async (email: string, role: Role): Promise<{ id: number; role: Role }> => {
    const { id } = await database.kysely.insertInto('users').values({ email, name: email, role, password_hash: 'x', created_at: NOW }).returning('id').executeTakeFirstOrThrow();
    return { id, role };
  };

  beforeAll(async () => {
    database = env.current.database;
    second = await user('second@example.test', 'second_level');
    first = await user('first@example.test', 'first_level');
  });

  describe('proposals', () => {
    it('come from clicks and deflections over the thresholds, in the window, and only those', async () => {
      await click('my bill', 'create-invoice');
      await click('My  bill', 'create-invoice', NOW - 2 * DAY);
      await deflection('bill my', 'create-invoice');
      // Too few: two events.
      await click('paper jam', 'reset-password');
      await click('paper jam', 'reset-password');
      // Enough events, but the share is split (3 of 6).
      for (let n = 0; n < 3; n++) await click('login trouble', 'reset-password');
      for (let n = 0; n < 3; n++) await click('login trouble', 'create-invoice');
      // Outside the window.
      for (let n = 0; n < 3; n++) await click('old words', 'reset-password', NOW - 200 * DAY);

      expect(await proposePhrasings(database, DEFAULT_PHRASING_THRESHOLDS, NOW)).toBe(1);
      const proposed = await phrasingsOf(database, 'create-invoice');
      expect(proposed).toHaveLength(1);
      expect(proposed[0]).toMatchObject({ status: 'proposed', lang: 'en', words: phrasingKey('my bill', 'en'), evidence: 3 });
      expect(await phrasingsOf(database, 'reset-password')).toEqual([]);
      // Counting again adds nothing new and keeps one row.
      expect(await proposePhrasings(database, DEFAULT_PHRASING_THRESHOLDS, NOW)).toBe(0);
      expect(await phrasingsOf(database, 'create-invoice')).toHaveLength(1);
      // Lower thresholds (configurable) propose the split one for both articles.
      expect(await proposePhrasings(database, { minEvents: 2, minShare: 0.5, windowDays: 90 }, NOW)).toBe(3);
    });

    it('leave out articles that no longer exist', async () => {
      for (let n = 0; n < 3; n++) await click('vanished words', 'deleted-article');
      await proposePhrasings(database, DEFAULT_PHRASING_THRESHOLDS, NOW, (slug) => slug !== 'deleted-article');
      expect(await phrasingsOf(database, 'deleted-article')).toEqual([]);
    });
  });

  describe('decisions', () => {
    it('second level confirms; first level may not decide', async () => {
      const [proposal] = (await phrasingsOf(database, 'create-invoice')).filter((phrasing) => phrasing.words === phrasingKey('my bill', 'en'));
      await expect(decidePhrasing(database, proposal.id, 'confirmed', first, NOW)).rejects.toThrow(PhrasingError);
      expect((await decidePhrasing(database, proposal.id, 'confirmed', second, NOW)).status).toBe('confirmed');
      expect((await confirmedPhrasings(database)).map((phrasing) => phrasing.id)).toContain(proposal.id);
    });

    it('a removed phrasing is gone from the article and never proposed again', async () => {
      const [proposal] = await phrasingsOf(database, 'reset-password');
      await decidePhrasing(database, proposal.id, 'removed', second, NOW);
      expect((await phrasingsOf(database, 'reset-password')).map((phrasing) => phrasing.id)).not.toContain(proposal.id);
      await proposePhrasings(database, { minEvents: 2, minShare: 0.5, windowDays: 90 }, NOW);
      expect((await phrasingsOf(database, 'reset-password')).map((phrasing) => phrasing.id)).not.toContain(proposal.id);
      await expect(decidePhrasing(database, proposal.id, 'confirmed', second, NOW)).rejects.toThrow(PhrasingError);
    });

    it('adding a search in one step confirms it; a search of stop words only is refused', async () => {
      const added = await addPhrasing(database, { articleSlug: 'reset-password', lang: 'en', query: 'Locked out of my account' }, second, NOW);
      expect(added).toMatchObject({ status: 'confirmed', example: 'Locked out of my account' });
      await expect(addPhrasing(database, { articleSlug: 'reset-password', lang: 'en', query: 'the of and' }, second, NOW)).rejects.toThrow(PhrasingError);
      await expect(addPhrasing(database, { articleSlug: 'reset-password', lang: 'en', query: 'anything' }, first, NOW)).rejects.toThrow(PhrasingError);
    });
  });

  describe('search', () => {
    it('puts a confirmed phrasing’s article first, also where nothing cleared the relevance floor', async () => {
      const query = 'locked out of my account';
      engine.setPhrasings([]);
      const before = engine.search(query, 'en').map((result) => result.slug);
      expect(before[0]).not.toBe('reset-password');
      engine.setPhrasings(await confirmedPhrasings(database));
      expect(engine.search(query, 'en')[0].slug).toBe('reset-password');
      // The same words in another order and inflection; not in the other language.
      expect(engine.search('Account: locked out', 'en')[0].slug).toBe('reset-password');
      expect(engine.search(query, 'de').map((result) => result.slug)[0]).not.toBe('reset-password');
      // The boosted result renders like any other.
      expect(engine.search(query, 'en')[0].title.map((segment) => segment.text).join('')).toBe('Reset your password');
      engine.setPhrasings([]);
      expect(engine.search(query, 'en').map((result) => result.slug)).toEqual(before);
    });

    it('never shows an article outside the index of the scope (internal in public search)', async () => {
      engine.setPhrasings([{ lang: 'en', words: phrasingKey('goodwill credit', 'en'), articleSlug: 'kulanz-intern' }]);
      expect(engine.search('goodwill credit', 'en').map((result) => result.slug)).not.toContain('kulanz-intern');
      expect(engine.search('goodwill credit', 'en', { scope: 'staff' })[0]?.slug).toBe('kulanz-intern');
      engine.setPhrasings([]);
    });
  });
});
