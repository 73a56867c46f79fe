/**
 * The whole knowledge-capture loop as search sees it (tests/e2e/knowledge-capture.spec.ts):
 * over the demo knowledge base, an article written from a ticket is saved as a draft, then
 * validated, and the next customer's own words ("<word> report credit note twice") must find
 * it first. Until the validated article's index is in place the same query rightly has no
 * results (its one rare word is unknown, so the relevance floor drops the loose matches):
 * that is the answer the e2e poll saw first. Saving the draft must not build an index (it
 * changes no indexed document), so that the validation right after it is findable after one
 * build, not after two.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const WORD = 'quarzelgwvcdbmj';
const SLUG = `credit-notes-doubled-in-the-${WORD}-report`;
const QUERY = `${WORD} report credit note twice`;

let contentDir: string;
let store: ArticleStore;
let engine: SearchEngine;

/** The article as the editor saves it from the ticket's knowledge-capture draft. */
function writeCaptured(status: 'draft' | 'validated'): void {
  const source = [
    '---',
    `title: "Credit notes doubled in the ${WORD} report"`,
    `summary: "Run the monthly closing once more with \\"Merge credit notes\\" switched on; the ${WORD} report then counts each credit note once."`,
    'category: invoices',
    'tags: []',
    'lang: en',
    'audience: public',
    `status: ${status}`,
    'updated: 2026-12-06',
    'sourceTicket: T-2026-000006',
    '---',
    '',
    '## Problem',
    '',
    `The ${WORD} report shows every credit note twice after the monthly closing. Call me on [phone].`,
    '',
    '## Environment',
    '',
    '- Area: Invoices & quotes',
    '',
    '## Cause',
    '',
    '<!-- Why did it happen? Describe the cause in a sentence or two, if it is known. -->',
    '',
    '## Resolution',
    '',
    `Run the monthly closing once more with "Merge credit notes" switched on; the ${WORD} report then counts each credit note once.`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(contentDir, 'articles', `${SLUG}.md`), source);
}

beforeAll(async () => {
  contentDir = makeTempDir();
  fs.cpSync('content/articles', path.join(contentDir, 'articles'), { recursive: true });
  for (const file of ['categories.yml', 'tags.yml', 'synonyms.yml']) {
    if (fs.existsSync(path.join('content', file))) fs.copyFileSync(path.join('content', file), path.join(contentDir, file));
  }
  store = new ArticleStore(contentDir, () => {});
  await store.load();
  engine = new SearchEngine(store);
  await engine.ready();
}, 60_000);

afterAll(async () => {
  await engine.close();
  removeDir(contentDir);
});

const slugs = (query: string): string[] => engine.search(query, 'en').map((result) => result.slug);

it('finds the captured article first for the customer’s words once it is validated, with one build after the draft', async () => {
  // Before the article exists: the rare word is unknown, so the loose matches of "credit note" are dropped.
  expect(slugs(QUERY)).toEqual([]);

  const builds = engine.buildCount;
  writeCaptured('draft');
  await store.rescan();
  await engine.scheduleRebuild();
  // A draft is in no index: nothing to build, and the public still finds nothing.
  expect(engine.buildCount).toBe(builds);
  expect(slugs(QUERY)).toEqual([]);

  writeCaptured('validated');
  await store.rescan();
  await engine.scheduleRebuild();
  expect(engine.buildCount).toBe(builds + 1);
  expect(slugs(QUERY)[0]).toBe(SLUG);
  expect(slugs(WORD)).toEqual([SLUG]);
  // The search page shows it first in German too (the English article, marked as such).
  expect(engine.search(QUERY, 'de')[0]?.slug).toBe(SLUG);
}, 60_000);

it('builds again when an indexed article changes', async () => {
  const builds = engine.buildCount;
  fs.rmSync(path.join(contentDir, 'articles', `${SLUG}.md`));
  await store.rescan();
  await engine.scheduleRebuild();
  expect(engine.buildCount).toBe(builds + 1);
  expect(slugs(WORD)).toEqual([]);
}, 60_000);
