/**
 * Learned phrasings: the normalised words, proposals from clicks and deflections over the
 * thresholds (and only those), second-level decisions (a removed phrasing is never proposed
 * again; first level may not decide), the one-step add, the thresholds' settings, and search
 * putting a confirmed phrasing's article first, past the relevance floor.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { sqliteDatabase } from '../../../src/lib/server/platform/database/connect.ts';
import { createUser } from '../../../src/lib/server/accounts/users.ts';
import type { User } from '../../../src/lib/server/accounts/users.ts';
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
import { writeSearchFixture } from './fixture.ts';

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 24 * 60 * 60 * 1000;

let dir: string;
let db: Db;
let second: User;
let first: User;
let store: ArticleStore;
let engine: SearchEngine;

function click(query: string, slug: string, at = NOW - DAY, lang = 'en'): void {
  db.prepare('INSERT INTO search_click (query, article_slug, lang, created_at) VALUES (?, ?, ?, ?)').run(query, slug, lang, at);
}
function deflection(query: string, slug: string, at = NOW - DAY, lang = 'en'): void {
  db.prepare('INSERT INTO deflections (query, article_slug, lang, created_at) VALUES (?, ?, ?, ?)').run(query, slug, lang, at);
}

beforeAll(async () => {
  dir = makeTempDir();
  db = openDatabase(path.join(dir, 'data'));
  second = await createUser(sqliteDatabase(db), { email: 'second@example.test', name: 'Second', role: 'second_level', password: 'a long enough password 1' });
  first = await createUser(sqliteDatabase(db), { email: 'first@example.test', name: 'First', role: 'first_level', password: 'a long enough password 2' });
  writeSearchFixture(path.join(dir, 'content'));
  store = new ArticleStore(path.join(dir, 'content'), () => {});
  await store.load();
  engine = new SearchEngine(store, undefined, { vocabulary: false });
  await engine.ready();
}, 60_000);

afterAll(async () => {
  await engine.close();
  db.close();
  removeDir(dir);
});

describe('normalised words', () => {
  it('ignore order, case, stop words and inflection', () => {
    expect(phrasingKey('My bill is WRONG', 'en')).toBe(phrasingKey('wrong bills', 'en'));
    expect(phrasingKey('the', 'en')).toBe('');
    expect(phrasingKey('Rechnung falsch', 'de')).toBe(phrasingKey('falsche Rechnungen', 'de'));
  });
});

describe('proposals', () => {
  it('come from clicks and deflections over the thresholds, in the window, and only those', () => {
    click('my bill', 'create-invoice');
    click('My  bill', 'create-invoice', NOW - 2 * DAY);
    deflection('bill my', 'create-invoice');
    // Too few: two events.
    click('paper jam', 'reset-password');
    click('paper jam', 'reset-password');
    // Enough events, but the share is split (3 of 6).
    for (let n = 0; n < 3; n++) click('login trouble', 'reset-password');
    for (let n = 0; n < 3; n++) click('login trouble', 'create-invoice');
    // Outside the window.
    for (let n = 0; n < 3; n++) click('old words', 'reset-password', NOW - 200 * DAY);

    expect(proposePhrasings(db, DEFAULT_PHRASING_THRESHOLDS, NOW)).toBe(1);
    const proposed = phrasingsOf(db, 'create-invoice');
    expect(proposed).toHaveLength(1);
    expect(proposed[0]).toMatchObject({ status: 'proposed', lang: 'en', words: phrasingKey('my bill', 'en'), evidence: 3 });
    expect(phrasingsOf(db, 'reset-password')).toEqual([]);
    // Counting again adds nothing new and keeps one row.
    expect(proposePhrasings(db, DEFAULT_PHRASING_THRESHOLDS, NOW)).toBe(0);
    expect(phrasingsOf(db, 'create-invoice')).toHaveLength(1);
    // Lower thresholds (configurable) propose the split one for both articles.
    expect(proposePhrasings(db, { minEvents: 2, minShare: 0.5, windowDays: 90 }, NOW)).toBe(3);
  });

  it('leave out articles that no longer exist', () => {
    for (let n = 0; n < 3; n++) click('vanished words', 'deleted-article');
    proposePhrasings(db, DEFAULT_PHRASING_THRESHOLDS, NOW, (slug) => slug !== 'deleted-article');
    expect(phrasingsOf(db, 'deleted-article')).toEqual([]);
  });
});

describe('decisions', () => {
  it('second level confirms; first level may not decide', () => {
    const [proposal] = phrasingsOf(db, 'create-invoice').filter((phrasing) => phrasing.words === phrasingKey('my bill', 'en'));
    expect(() => decidePhrasing(db, proposal.id, 'confirmed', first, NOW)).toThrow(PhrasingError);
    expect(decidePhrasing(db, proposal.id, 'confirmed', second, NOW).status).toBe('confirmed');
    expect(confirmedPhrasings(db).map((phrasing) => phrasing.id)).toContain(proposal.id);
  });

  it('a removed phrasing is gone from the article and never proposed again', () => {
    const [proposal] = phrasingsOf(db, 'reset-password');
    decidePhrasing(db, proposal.id, 'removed', second, NOW);
    expect(phrasingsOf(db, 'reset-password').map((phrasing) => phrasing.id)).not.toContain(proposal.id);
    proposePhrasings(db, { minEvents: 2, minShare: 0.5, windowDays: 90 }, NOW);
    expect(phrasingsOf(db, 'reset-password').map((phrasing) => phrasing.id)).not.toContain(proposal.id);
    expect(() => decidePhrasing(db, proposal.id, 'confirmed', second, NOW)).toThrow(PhrasingError);
  });

  it('adding a search in one step confirms it; a search of stop words only is refused', () => {
    const added = addPhrasing(db, { articleSlug: 'reset-password', lang: 'en', query: 'Locked out of my account' }, second, NOW);
    expect(added).toMatchObject({ status: 'confirmed', example: 'Locked out of my account' });
    expect(() => addPhrasing(db, { articleSlug: 'reset-password', lang: 'en', query: 'the of and' }, second, NOW)).toThrow(PhrasingError);
    expect(() => addPhrasing(db, { articleSlug: 'reset-password', lang: 'en', query: 'anything' }, first, NOW)).toThrow(PhrasingError);
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

describe('search', () => {
  it('puts a confirmed phrasing’s article first, also where nothing cleared the relevance floor', () => {
    const query = 'locked out of my account';
    engine.setPhrasings([]);
    const before = engine.search(query, 'en').map((result) => result.slug);
    expect(before[0]).not.toBe('reset-password');
    engine.setPhrasings(confirmedPhrasings(db));
    expect(engine.search(query, 'en')[0].slug).toBe('reset-password');
    // The same words in another order and inflection; not in the other language.
    expect(engine.search('Account: locked out', 'en')[0].slug).toBe('reset-password');
    expect(engine.search(query, 'de').map((result) => result.slug)[0]).not.toBe('reset-password');
    // The boosted result renders like any other.
    expect(engine.search(query, 'en')[0].title.map((segment) => segment.text).join('')).toBe('Reset your password');
    engine.setPhrasings([]);
    expect(engine.search(query, 'en').map((result) => result.slug)).toEqual(before);
  });

  it('never shows an article outside the index of the scope (internal in public search)', () => {
    engine.setPhrasings([{ lang: 'en', words: phrasingKey('goodwill credit', 'en'), articleSlug: 'kulanz-intern' }]);
    expect(engine.search('goodwill credit', 'en').map((result) => result.slug)).not.toContain('kulanz-intern');
    expect(engine.search('goodwill credit', 'en', { scope: 'staff' })[0]?.slug).toBe('kulanz-intern');
    engine.setPhrasings([]);
  });
});
