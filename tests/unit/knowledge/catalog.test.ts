/**
 * What the public sees of the knowledge base: public validated articles, one per
 * translation group in the reader's language, categories and the newest articles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { countByCategory, newestArticles, publicArticles, publicTranslation } from '../../../src/lib/server/knowledge/catalog.ts';
import { makeTempDir, removeDir, writeArticle, writeFile } from '../helpers.ts';

let contentDir: string;
let store: ArticleStore;

beforeAll(async () => {
  contentDir = makeTempDir();
  writeArticle(contentDir, 'reset-password', { title: 'Reset your password', lang: 'en', translationKey: 'reset-password', category: 'account', updated: '2026-09-01' });
  writeArticle(contentDir, 'passwort-zuruecksetzen', { title: 'Passwort zurücksetzen', lang: 'de', translationKey: 'reset-password', category: 'account', updated: '2026-09-02' });
  writeArticle(contentDir, 'datev-export', { title: 'DATEV-Export', lang: 'de', category: 'export', updated: '2026-10-01' });
  writeArticle(contentDir, 'api-keys', { title: 'API keys', lang: 'en', category: 'export', updated: '2026-08-01' });
  writeArticle(contentDir, 'interne-notiz', { title: 'Interne Notiz', lang: 'de', audience: 'internal', category: 'account', updated: '2026-11-01' });
  writeArticle(contentDir, 'entwurf', { title: 'Entwurf', lang: 'de', status: 'draft', category: 'account', updated: '2026-11-02' });
  // The English version of a pair is internal: German readers see theirs, English readers the German one.
  writeArticle(contentDir, 'mahnung', { title: 'Mahnung senden', lang: 'de', translationKey: 'dunning', category: 'payments', updated: '2026-07-01' });
  writeArticle(contentDir, 'dunning-internal', { title: 'Dunning (staff)', lang: 'en', translationKey: 'dunning', audience: 'internal', category: 'payments' });
  writeFile(contentDir, 'categories.yml', 'account:\n  label: { en: "Account", de: "Konto" }\n  order: 1\nexport:\n  label: Export\n  order: 2\n');
  store = new ArticleStore(contentDir, () => {});
  await store.load();
});

afterAll(() => removeDir(contentDir));

const slugs = (articles: { slug: string }[]): string[] => articles.map((article) => article.slug);

describe('publicArticles', () => {
  it('lists one public version per translation group in the reader’s language, by title', () => {
    expect(slugs(publicArticles(store, 'en'))).toEqual(['api-keys', 'datev-export', 'mahnung', 'reset-password']);
    expect(slugs(publicArticles(store, 'de'))).toEqual(['api-keys', 'datev-export', 'mahnung', 'passwort-zuruecksetzen']);
  });

  it('follows content changes', async () => {
    writeArticle(contentDir, 'api-keys', { title: 'API keys', lang: 'en', category: 'export', audience: 'internal' });
    await store.rescan();
    expect(slugs(publicArticles(store, 'en'))).not.toContain('api-keys');
    writeArticle(contentDir, 'api-keys', { title: 'API keys', lang: 'en', category: 'export', updated: '2026-08-01' });
    await store.rescan();
    expect(slugs(publicArticles(store, 'en'))).toContain('api-keys');
  });
});

describe('publicTranslation', () => {
  it('finds the public version in another language', () => {
    expect(publicTranslation(store, store.get('reset-password')!, 'de')?.slug).toBe('passwort-zuruecksetzen');
  });

  it('never offers an internal translation', () => {
    expect(publicTranslation(store, store.get('mahnung')!, 'en')).toBeNull();
  });
});

describe('categories and lists', () => {
  it('counts public articles per category', () => {
    expect(countByCategory(publicArticles(store, 'de'))).toEqual(new Map([['export', 2], ['payments', 1], ['account', 1]]));
  });

  it('orders categories from categories.yml and labels unknown ones from their key', () => {
    expect(store.categories().map((category) => [category.key, category.label.de])).toEqual([
      ['account', 'Konto'],
      ['export', 'Export'],
      ['payments', 'Payments'],
    ]);
  });

  it('lists the newest articles first', () => {
    expect(slugs(newestArticles(publicArticles(store, 'en'), 2))).toEqual(['datev-export', 'reset-password']);
  });
});
