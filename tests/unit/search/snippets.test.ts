/**
 * Result snippets are made from the article's plain text, never its Markdown: a table reads
 * as its cells ("8400 · 4400;"), without pipes or the delimiter row, and emphasis, code and
 * list markers leave no trace (no "Save ." from "**Save**.").
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir, writeArticle } from '../helpers.ts';

let contentDir: string;
let engine: SearchEngine;

beforeAll(async () => {
  contentDir = makeTempDir();
  writeArticle(contentDir, 'revenue-accounts', {
    title: 'Revenue accounts for the DATEV export',
    body: [
      'Each invoice line gets a revenue account from its tax rate. The default mapping:',
      '',
      '| Tax treatment | SKR 03 | SKR 04 |',
      '|---|:---:|---:|',
      '| VAT 19 % | 8400 | 4400 |',
      '| Reverse charge, service to an EU business | 8336 | 4336 |',
      '',
      'Change them under **Settings → Accounts**. Nested lists work too:',
      '',
      '- First level',
      '    - second level with `{Invoice.Number}`, a _placeholder_',
    ].join('\n'),
  });
  const store = new ArticleStore(contentDir, () => {});
  await store.load();
  engine = new SearchEngine(store, undefined, { vocabulary: false });
  await engine.ready();
});

afterAll(async () => {
  await engine.close();
  removeDir(contentDir);
});

const snippet = (query: string): string => engine.search(query, 'en')[0].snippet.map((segment) => segment.text).join('');

it('shows a table as its cells, without pipes or the delimiter row', () => {
  const text = snippet('reverse charge');
  expect(text).toContain('treatment · SKR 03 · SKR 04; VAT 19 % · 8400 · 4400; Reverse charge, service to an EU business · 8336 · 4336;');
  expect(text).not.toMatch(/[|]|---/);
});

it('shows emphasis, code and nested list items without their markers', () => {
  expect(snippet('nested')).toContain('Change them under Settings → Accounts. Nested lists work too:');
  const text = snippet('placeholder');
  expect(text).toContain('First level second level with {Invoice.Number}, a placeholder');
  expect(text).not.toMatch(/[*_`]/);
});
