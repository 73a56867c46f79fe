/**
 * German word formation that the stemmer does not know (morphology.ts): the forms of an
 * "-ieren" verb and its "-ierung" noun are one word, the verb's root finds its other
 * derivations ("stornieren" → "Stornorechnung"), and a German reader's words find their
 * English cognates. The demo knowledge base's "Rechnung stornieren" is the case that showed it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishCognates, germanIerenStem, ierenRoot } from '../../../src/lib/search/morphology.ts';
import { stemWord } from '../../../src/lib/search/analyzer.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir, writeArticle } from '../helpers.ts';

describe('German "-ieren" verbs', () => {
  it('gives every form of the verb and its "-ierung" noun one stem', () => {
    const forms = ['stornieren', 'storniert', 'stornierte', 'stornierst', 'stornierung', 'stornierungen'];
    expect(new Set(forms.map((form) => stemWord(form, 'de')))).toEqual(new Set(['stornier']));
    expect(stemWord('installieren', 'de')).toBe(stemWord('installiert', 'de'));
  });

  it('leaves other words to the stemmer, and short roots alone', () => {
    expect(germanIerenStem('rechnung')).toBeNull();
    expect(germanIerenStem('papier')).toBeNull();
    expect(ierenRoot('stornier')).toBe('storn');
    expect(ierenRoot(germanIerenStem('kopieren') ?? 'kopier')).toBeNull();
  });
});

describe('English cognates of German words', () => {
  it('proposes the English root of "-ieren" verbs, Latin spellings included', () => {
    expect(englishCognates('installieren')).toContain('install');
    expect(englishCognates('konfigurieren')).toContain('configure');
    expect(englishCognates('kompiliert')).toContain('compile');
    expect(englishCognates('formatieren')).toContain('format');
  });

  it('proposes English verbs used with German endings', () => {
    expect(englishCognates('downloaden')).toContain('download');
    expect(englishCognates('gemountet')).toContain('mount');
    expect(englishCognates('scannen')).toContain('scan');
    expect(englishCognates('loggen')).toContain('log');
  });

  it('proposes Latin-root nouns and adjectives', () => {
    expect(englishCognates('prioritaet')).toContain('priority');
    expect(englishCognates('kategorie')).toContain('category');
    expect(englishCognates('automatisch')).toContain('automatic');
    expect(englishCognates('dokument')).toContain('document');
  });

  it('knows false friends', () => {
    expect(englishCognates('aktuell')).toEqual([]);
  });
});

describe('search with German word formation', () => {
  let engine: SearchEngine;
  let dir: string;

  beforeAll(async () => {
    dir = makeTempDir();
    writeArticle(dir, 'install-printer', {
      title: 'Install a printer driver',
      summary: 'How to install the driver for a network printer.',
      category: 'devices',
      lang: 'en',
      translationKey: 'install-printer',
      body: 'Download the driver, then run the installer.',
    });
    writeArticle(dir, 'kalender', {
      title: 'Kalender teilen',
      summary: 'Wie Sie Ihren Kalender mit dem Team teilen.',
      category: 'devices',
      lang: 'de',
      translationKey: 'kalender',
      body: 'Öffnen Sie den Kalender und wählen Sie Teilen.',
    });
    const store = new ArticleStore(dir, () => {});
    await store.load();
    engine = new SearchEngine(store, undefined, { vocabulary: false });
    await engine.ready();
  });
  afterAll(async () => {
    await engine.close();
    removeDir(dir);
  });

  it('finds an English article for a German verb by its English root ("installieren" → "install")', () => {
    expect(engine.search('installieren', 'de').map((hit) => hit.slug)).toEqual(['install-printer']);
  });

  it('does not offer English cognates to an English reader', () => {
    expect(engine.search('installieren', 'en')).toEqual([]);
  });
});

describe('"Rechnung stornieren" in the demo knowledge base', () => {
  let engine: SearchEngine;
  beforeAll(async () => {
    const store = new ArticleStore(path.resolve(import.meta.dirname, '../../../content'), () => {});
    await store.load();
    engine = new SearchEngine(store);
    await engine.ready();
  });
  afterAll(() => engine.close());

  it('ranks the Stornorechnung article first, above cancelling the subscription', () => {
    const slugs = engine.search('Rechnung stornieren', 'de').map((hit) => hit.slug);
    expect(slugs[0]).toBe('rechnung-korrigieren-stornorechnung');
    expect(slugs.indexOf('abo-kuendigen')).toBeGreaterThan(0);
  });

  it('finds it for the noun too ("Stornierung")', () => {
    expect(engine.search('Stornierung', 'de')[0]?.slug).toBe('rechnung-korrigieren-stornorechnung');
  });
});
