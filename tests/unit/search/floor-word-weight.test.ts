/**
 * The relevance floor weighs a query word by the rarity of the word itself where the index
 * has it, not by its rarest synonym: "customer" in every article stays a common word even
 * though its shipped synonym "client" is in one. Otherwise a question about something the
 * knowledge base never mentions ("hologram") is answered with whatever matched its
 * everyday words.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir, writeArticle } from '../helpers.ts';

let contentDir: string;
let engine: SearchEngine;

beforeAll(async () => {
  contentDir = makeTempDir();
  for (let n = 0; n < 6; n++) {
    writeArticle(contentDir, `article-${n}`, { title: `Topic ${n}`, body: `Every customer gets an invoice; the customer password is set once. Topic ${n}.` });
  }
  writeArticle(contentDir, 'rare-synonyms', { title: 'Clients and bills', body: 'A client receives a bill. Keep your pwd safe.' });
  const store = new ArticleStore(contentDir, () => {});
  await store.load();
  engine = new SearchEngine(store);
  await engine.ready();
});

afterAll(async () => {
  await engine.close();
  removeDir(contentDir);
});

it('does not let rare synonyms of everyday words outweigh the word nothing knows', () => {
  expect(engine.search('customer invoice password hologram', 'en')).toEqual([]);
  // Without the unknown word the everyday words find, and with the floor off so does the whole question.
  expect(engine.search('customer invoice password', 'en').length).toBeGreaterThan(0);
  expect(engine.search('customer invoice password hologram', 'en', { floor: 0 }).length).toBeGreaterThan(0);
});
