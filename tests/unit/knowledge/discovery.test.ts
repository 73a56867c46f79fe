/**
 * What crawlers and feed readers are told: the sitemap lists exactly the public validated
 * articles (never internal, draft or archived ones) with symmetric alternates, robots.txt
 * points at it, and the Atom feeds carry only their language's public articles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { atomFeed, robotsTxt, sitemapEntries, sitemapXml } from '../../../src/lib/server/knowledge/discovery.ts';
import { makeTempDir, removeDir, writeArticle, writeFile } from '../helpers.ts';

let contentDir: string;
let store: ArticleStore;
const SITE = 'https://help.example';

beforeAll(async () => {
  contentDir = makeTempDir();
  writeArticle(contentDir, 'reset-password', { title: 'Reset your password', lang: 'en', translationKey: 'reset-password', category: 'account', updated: '2026-09-01' });
  writeArticle(contentDir, 'passwort-zuruecksetzen', { title: 'Passwort zurücksetzen', lang: 'de', translationKey: 'reset-password', category: 'account', updated: '2026-09-02' });
  writeArticle(contentDir, 'datev-export', { title: 'DATEV-Export', lang: 'de', category: 'export', updated: '2026-10-01' });
  writeArticle(contentDir, 'interne-notiz', { title: 'Interne Notiz', lang: 'de', audience: 'internal', category: 'secret', updated: '2026-11-01' });
  writeArticle(contentDir, 'entwurf', { title: 'Entwurf', lang: 'de', status: 'draft', category: 'account', updated: '2026-11-02' });
  writeArticle(contentDir, 'alt', { title: 'Alt', lang: 'de', status: 'archived', category: 'account', updated: '2026-11-03' });
  writeArticle(contentDir, 'mahnung', { title: 'Mahnung senden', lang: 'de', translationKey: 'dunning', category: 'payments', updated: '2026-07-01' });
  writeArticle(contentDir, 'dunning-internal', { title: 'Dunning (staff)', lang: 'en', translationKey: 'dunning', audience: 'internal', category: 'payments' });
  writeFile(contentDir, 'categories.yml', 'account:\n  label: { en: "Account", de: "Konto" }\n');
  store = new ArticleStore(contentDir, () => {});
  await store.load();
});

afterAll(() => removeDir(contentDir));

describe('sitemap', () => {
  it('lists exactly the public validated articles, the categories holding them and both home pages', () => {
    const urls = sitemapEntries(store).map((entry) => entry.url);
    expect(urls.filter((url) => url.includes('/articles/')).sort()).toEqual(
      ['/de/articles/datev-export', '/de/articles/mahnung', '/de/articles/passwort-zuruecksetzen', '/en/articles/reset-password'],
    );
    expect(urls.filter((url) => url.includes('/categories/')).sort()).toEqual(
      ['/de/categories/account', '/de/categories/export', '/de/categories/payments', '/en/categories/account', '/en/categories/export', '/en/categories/payments'],
    );
    expect(urls).toContain('/de/');
    expect(urls).toContain('/en/');
    for (const hidden of ['interne-notiz', 'entwurf', 'alt', 'dunning-internal', 'secret']) expect(urls.join(' ')).not.toContain(hidden);
  });

  it('gives translations symmetric alternates with x-default and every entry a lastmod', () => {
    const entries = sitemapEntries(store);
    const en = entries.find((entry) => entry.url === '/en/articles/reset-password')!;
    const de = entries.find((entry) => entry.url === '/de/articles/passwort-zuruecksetzen')!;
    expect(en.links).toEqual(de.links);
    expect(en.links).toContainEqual({ lang: 'x-default', url: '/en/articles/reset-password' });
    expect(en.lastmod).toBe('2026-09-01T00:00:00.000Z');
    // Only an internal translation: no alternates at all.
    expect(entries.find((entry) => entry.url === '/de/articles/mahnung')!.links).toBeUndefined();
    for (const entry of entries) expect(entry.lastmod).toBeTruthy();
  });

  it('writes XML with absolute addresses', async () => {
    const xml = await sitemapXml(store, SITE);
    expect(xml).toContain('<loc>https://help.example/en/articles/reset-password</loc>');
    expect(xml).toContain('hreflang="de" href="https://help.example/de/articles/passwort-zuruecksetzen"');
    expect(xml).not.toContain('interne-notiz');
  });
});

describe('robots.txt', () => {
  it('names the sitemap and keeps staff pages out', () => {
    const text = robotsTxt(SITE);
    expect(text).toContain('Sitemap: https://help.example/sitemap.xml');
    expect(text).toContain('Disallow: /staff/');
  });
});

describe('Atom feed', () => {
  it('carries the language’s public articles only, newest first', () => {
    const texts = { title: 'T', description: 'D', siteName: 'S' };
    const de = atomFeed(store, 'de', SITE, texts);
    expect(de.indexOf('datev-export')).toBeLessThan(de.indexOf('passwort-zuruecksetzen'));
    expect(de).toContain('https://help.example/de/articles/mahnung');
    for (const hidden of ['interne-notiz', 'entwurf', '/alt<', 'reset-password"']) expect(de).not.toContain(hidden);
    const en = atomFeed(store, 'en', SITE, texts);
    expect(en).toContain('https://help.example/en/articles/reset-password');
    expect(en).not.toContain('datev-export');
    expect(en).not.toContain('dunning-internal');
  });
});
