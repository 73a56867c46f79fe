/**
 * Filters on the search page: by topic and by article language, as a plain GET form that
 * works the same with and without JavaScript, and a question the knowledge base cannot
 * answer gets "no results" (the relevance floor).
 */
import { expect, test, type Page } from '@playwright/test';

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
