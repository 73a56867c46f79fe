/**
 * Filters on the search page: by topic and by article language, as a plain GET form that
 * works the same with and without JavaScript, and a question the knowledge base cannot
 * answer gets "no results" (the relevance floor). Also: a repeated search, answered from the
 * page rendered for it, is logged every time, and the visit id reaches the result links only
 * through the browser's script.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runNode } from './support/staff.ts';

const SERVER = `file://${path.resolve('src/lib/server')}`;

async function filterResults(page: Page): Promise<void> {
  await page.goto('/search?q=invoice');
  const results = page.locator('.results > li');
  await expect(results.first()).toBeVisible();
  const before = await results.count();

  const filters = page.getByRole('form', { name: 'Filter results' });
  await filters.getByLabel('Topic').selectOption({ label: 'Export & interfaces' });
  await filters.getByRole('button', { name: 'Apply filter' }).click();
  await expect(page).toHaveURL(/[?&]category=export(&|$)/);
  await expect(filters.getByLabel('Topic')).toHaveValue('export');
  const metas = page.locator('.results .result-meta');
  await expect(metas.first()).toBeVisible();
  for (const meta of await metas.allTextContents()) expect(meta).toContain('Export & interfaces');
  expect(await results.count()).toBeLessThan(before);

  await filters.getByLabel('Topic').selectOption({ label: 'All' });
  await filters.getByLabel('Language').selectOption({ label: 'German' });
  await filters.getByRole('button', { name: 'Apply filter' }).click();
  await expect(page).toHaveURL(/[?&]language=de(&|$)/);
  await expect(results.first()).toBeVisible();
  // An English reader sees German articles marked as such, and only those.
  for (const lang of await results.evaluateAll((items) => items.map((item) => item.getAttribute('lang')))) expect(lang).toBe('de');
}

test('filters results by topic and language with JavaScript', async ({ page }) => {
  await filterResults(page);
});

test('filters results by topic and language without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await filterResults(await context.newPage());
  await context.close();
});

test('a question the knowledge base cannot answer gets no results and offers the ticket form', async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent('How do I connect my Shopify store?')}`);
  await expect(page.getByText('No articles match “How do I connect my Shopify store?”.')).toBeVisible();
  await expect(page.locator('.results')).toHaveCount(0);
});

test('a repeated search is logged every time, also when answered from the rendered page', async ({ request }) => {
  const query = `invoice ${Date.now().toString(36)}`;
  const bodies: string[] = [];
  for (let n = 0; n < 3; n++) bodies.push(await (await request.get(`/en/search?${new URLSearchParams({ q: query })}`)).text());
  expect(new Set(bodies).size).toBe(1);
  const rows = (): { n: number } =>
    runNode<{ n: number }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    const db = openDatabase(process.env.DATA_DIR);
    console.log(JSON.stringify(db.prepare('SELECT COUNT(*) AS n FROM search_log WHERE query = ?').get(${JSON.stringify(query)})));
  `);
  // The search log is written in batches once a second (search-log-recorder.ts).
  await expect.poll(() => rows().n).toBe(3);
});

test('the result links carry the visit id with JavaScript, never in the rendered page', async ({ page, request }) => {
  const html = await (await request.get('/en/search?q=invoice')).text();
  expect(html).toContain('class="result-title"');
  expect(html).not.toMatch(/visit=/);
  await page.goto('/en/search?q=invoice');
  await expect(page.locator('.results .result-title').first()).toHaveAttribute('href', /[?&]visit=[0-9a-f]{32}(&|$)/);
});
