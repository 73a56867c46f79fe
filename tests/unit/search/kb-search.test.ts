/**
 * The staff knowledge-base search behind the ticket view's and the call desk's panels: every
 * result links to the page where staff read it. A training page leads to its training page
 * (not to an article address, where it would be a 404), internal articles to the staff
 * article page, and only public articles carry the address sent to customers.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSendable, kbBadgeKey, kbHref } from '../../../src/lib/kb-result.ts';
import { searchKnowledgeBase, type KbSources } from '../../../src/lib/server/search/kb-search.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { TrainingStore, TRAINING_DOC_PREFIX } from '../../../src/lib/server/training/training.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../../content');

async function sources(hits: string[]): Promise<KbSources> {
  const store = new ArticleStore(CONTENT, () => {});
  await store.load();
  const training = new TrainingStore(CONTENT);
  await training.load();
  return {
    search: { search: () => hits.map((slug) => ({ slug }) as ReturnType<KbSources['search']['search']>[number]) },
    store,
    training,
    config: { siteUrl: 'https://help.example.com' },
  };
}

describe('searchKnowledgeBase', () => {
  it('links a training result to its training page, labelled as training, never sendable', async () => {
    const [result] = searchKnowledgeBase(await sources([`${TRAINING_DOC_PREFIX}product/banking-export-and-vat`]), 'vat', { lang: 'en', readerLang: 'de' });
    expect(result).toMatchObject({ slug: 'product/banking-export-and-vat', kind: 'training', href: '/staff/training/product/banking-export-and-vat', audience: 'internal', url: '' });
    expect(result.title).toBe('Bank accounts, exports and VAT');
    expect(kbBadgeKey(result)).toBe('training');
    expect(isSendable(result)).toBe(false);
  });

  it('links articles to the staff article page; only public ones carry the customer address', async () => {
    const store = new ArticleStore(CONTENT, () => {});
    await store.load();
    const all = store.all();
    const publicOne = all.find((article) => article.audience === 'public')!;
    const internalOne = all.find((article) => article.audience === 'internal')!;
    const results = searchKnowledgeBase(await sources([publicOne.slug, internalOne.slug, 'no-such-article']), 'x', { lang: 'en', readerLang: 'en' });
    expect(results.map((result) => [result.href, result.url, kbBadgeKey(result), isSendable(result)])).toEqual([
      [`/staff/articles/${publicOne.slug}`, `https://help.example.com/${publicOne.lang}/articles/${publicOne.slug}`, 'public', true],
      [`/staff/articles/${internalOne.slug}`, '', 'internal', false],
    ]);
  });

  it('finds nothing for an empty query', async () => {
    expect(searchKnowledgeBase(await sources(['anything']), '   ', { lang: 'en', readerLang: 'en' })).toEqual([]);
  });

  it('builds staff addresses for both kinds', () => {
    expect(kbHref('training', 'a/b')).toBe('/staff/training/a/b');
    expect(kbHref('article', 'a/b')).toBe('/staff/articles/a/b');
  });
});
