/**
 * Internal articles and drafts never reach the public: not in public search results and
 * not in the index shipped to browsers. Staff search finds internal articles.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine, isPublicArticle, type ShippedIndexPayload } from '../../../src/lib/server/search/search.ts';
import { LANGS } from '../../../src/lib/languages.ts';
import { makeTempDir, removeDir, writeArticle } from '../helpers.ts';
import { SECRET_WORDS, writeSearchFixture } from './fixture.ts';

let contentDir: string;
let store: ArticleStore;
let engine: SearchEngine;

beforeAll(async () => {
  contentDir = makeTempDir();
  writeSearchFixture(contentDir);
  // An archived article is validated knowledge that is out of date: hidden from search, too.
  writeArticle(contentDir, 'altes-verfahren', {
    title: 'Altes Verfahren',
    summary: 'Wie es früher ging.',
    lang: 'de',
    status: 'archived',
    body: 'Das Verfahren mit dem Faxformular ist eingestellt.',
  });
  store = new ArticleStore(contentDir, () => {});
  await store.load();
  // Without the shipped vocabulary: these tests pin what each index holds ("Gebühr" must not
  // reach "costs" through general language); the vocabulary has tests of its own.
  engine = new SearchEngine(store, undefined, { vocabulary: false });
  await engine.ready();
});

afterAll(() => removeDir(contentDir));

const hidden = ['kulanz-intern', 'zebrafink-entwurf', 'altes-verfahren'];

describe('public search', () => {
  it('does not return the internal article, even for its own title', () => {
    for (const lang of ['de', 'en'] as const) {
      expect(engine.search(SECRET_WORDS.internal, lang)).toEqual([]);
      expect(engine.search('Kulanzgutschrift intern freigeben', lang)).toEqual([]);
    }
  });

  it('does not return the draft', () => {
    expect(engine.search(SECRET_WORDS.draft, 'de')).toEqual([]);
    expect(engine.search('Zebrafinkprojekt Entwurf', 'de', { scope: 'public' })).toEqual([]);
  });

  it('returns no hidden article for words they share with public ones', () => {
    // "Euro", "Winter", "Second" and "Level" appear only in hidden articles; "Zahlung" in both.
    for (const query of ['Euro', 'Winter', 'Second Level', 'Zahlung', 'ausstellen', 'Faxformular']) {
      for (const lang of ['de', 'en'] as const) {
        const found = engine.search(query, lang, { limit: 100 }).map((result) => result.slug);
        expect(found.filter((slug) => hidden.includes(slug)), `${query} (${lang})`).toEqual([]);
      }
    }
  });

  it('counts only public validated articles', () => {
    expect(engine.size('public')).toBe(store.all().filter(isPublicArticle).length);
    const publicSlugs = store.all().filter(isPublicArticle).map((article) => article.slug);
    for (const slug of hidden) expect(publicSlugs).not.toContain(slug);
  });
});

describe('staff search', () => {
  it('returns the internal article', () => {
    expect(engine.search(SECRET_WORDS.internal, 'de', { scope: 'staff' }).map((result) => result.slug)).toEqual(['kulanz-intern']);
  });

  it('still returns public articles', () => {
    expect(engine.search('Gebuehr', 'de', { scope: 'staff' })[0]?.slug).toBe('gebuehren');
  });

  it('does not return drafts or archived articles', () => {
    expect(engine.search(SECRET_WORDS.draft, 'de', { scope: 'staff' })).toEqual([]);
    expect(engine.search('Faxformular', 'de', { scope: 'staff' })).toEqual([]);
  });

  it('has one more document than the public index (the internal article)', () => {
    expect(engine.size('staff')).toBe(engine.size('public') + 1);
  });
});

describe('shipped index', () => {
  /** Both languages' files, as one text. */
  const allJson = (): string => LANGS.map((lang) => engine.shippedIndex()!.langs[lang].json).join('\n');

  it('has one file per language with the language’s public articles only, and no article text', () => {
    const shipped = engine.shippedIndex();
    expect(shipped).not.toBeNull();
    for (const lang of LANGS) {
      const payload = JSON.parse(shipped!.langs[lang].json) as ShippedIndexPayload;
      expect(payload.lang).toBe(lang);
      expect(payload.docs.map((doc) => doc.id).sort()).toEqual(
        store
          .all()
          .filter((article) => isPublicArticle(article) && article.lang === lang)
          .map((article) => article.slug)
          .sort(),
      );
      for (const doc of payload.docs) expect(Object.keys(doc).sort()).toEqual(['category', 'id', 'lang', 'summary', 'title', 'translationKey']);
      expect(payload.synonyms).toEqual([['folder', 'directory', 'Ordner', 'Verzeichnis']]);
      expect(Object.keys(payload.indexes).sort()).toEqual(['de', 'en']);
      // The other language's slot is an empty index.
      const other = payload.indexes[lang === 'de' ? 'en' : 'de'] as { fieldVectors: unknown[] };
      expect(other.fieldVectors).toEqual([]);
      expect(shipped!.langs[lang].url).toBe(`/search-index/${lang}-${shipped!.langs[lang].hash}.json`);
    }
  });

  it('contains no slug, title or text of an internal article, a draft or an archived article', () => {
    const json = allJson().toLowerCase();
    for (const slug of hidden) {
      const article = store.get(slug)!;
      expect(article, slug).not.toBeNull();
      expect(json).not.toContain(slug);
      expect(json).not.toContain(article.title.toLowerCase());
      expect(json).not.toContain(article.summary.toLowerCase());
    }
    // Not even as index terms (stemmed, lower-cased): the words unique to hidden articles.
    for (const word of ['kulanz', 'zebrafink', 'faxformular', 'rueckfrage', 'winter']) expect(json).not.toContain(word);
  });

  it('gzips the same JSON and names it by a content hash', () => {
    for (const lang of LANGS) {
      const shipped = engine.shippedIndex()!.langs[lang];
      expect(zlib.gunzipSync(shipped.gzipped).toString('utf8')).toBe(shipped.json);
      expect(shipped.hash).toMatch(/^[0-9a-f]{16}$/);
      expect(shipped.shippable).toBe(true);
    }
    expect(engine.shippedIndex()!.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is not shippable when over the size limit', async () => {
    const tiny = new SearchEngine(store, 100);
    await tiny.ready();
    for (const lang of LANGS) expect(tiny.shippedIndex()!.langs[lang].shippable).toBe(false);
  });

  it('stays free of an article that becomes internal, and gets a new hash', async () => {
    const before = engine.shippedIndex()!;
    writeArticle(contentDir, 'gebuehren', {
      title: 'Gebühr für Auslandsüberweisungen',
      summary: 'Welche Kosten bei Zahlungen ins Ausland entstehen.',
      category: 'payments',
      lang: 'de',
      audience: 'internal',
      body: 'Die Bank berechnet eine Gebühr je Auftrag.',
    });
    await store.rescan();
    await engine.scheduleRebuild();
    const after = engine.shippedIndex()!;
    expect(after.hash).not.toBe(before.hash);
    expect(after.langs.de.json).not.toContain('gebuehren');
    expect(engine.search('Gebuehr', 'de')).toEqual([]);
    expect(engine.search('Gebuehr', 'de', { scope: 'staff' })[0]?.slug).toBe('gebuehren');
  });
});
