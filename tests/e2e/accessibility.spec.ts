/**
 * Automated accessibility checks (axe-core, WCAG 2.x A/AA rules) on every kind of page,
 * and on the instant-search combobox while its suggestions are open.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** Fails with a readable list when axe finds serious or critical violations. */
async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = serious
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    - ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ')}`).join('\n');
      return `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join('\n\n');
  expect(serious.length, `axe violations on ${page.url()}:\n\n${report}`).toBe(0);
}

const pages: { name: string; url: string; status?: number; check?: (page: Page) => Promise<void> }[] = [
  { name: 'home', url: '/' },
  {
    name: 'search results',
    url: '/search?q=password',
    check: async (page) => await expect(page.locator('.results mark').first()).toBeVisible(),
  },
  { name: 'search without results', url: '/search?q=qwertzuiop' },
  { name: 'category', url: '/categories/export' },
  {
    name: 'article with table of contents and table',
    url: '/articles/datev-export',
    check: async (page) => {
      await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible();
      await expect(page.locator('.prose table').first()).toBeVisible();
    },
  },
  { name: 'archived article', url: '/articles/umsatzsteuersenkung-2020' },
  { name: 'contact', url: '/contact?article=reset-password&q=password' },
  { name: 'not found', url: '/no-such-page', status: 404 },
];

for (const { name, url, status = 200, check } of pages) {
  test(`${name} (${url}) has no serious accessibility problems`, async ({ page }) => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(status);
    await check?.(page);
    await expectNoSeriousViolations(page);
  });
}

test('German interface has no serious accessibility problems', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  for (const url of ['/', '/articles/datev-export-erstellen']) {
    await page.goto(url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expectNoSeriousViolations(page);
  }
  await context.close();
});

test('instant search with its suggestions open has no serious accessibility problems', async ({ page }) => {
  await page.goto('/');
  const input = page.getByRole('combobox', { name: 'Search the help center' });
  await input.fill('invoice');
  await expect(page.locator('#home-search-listbox')).toBeVisible();
  await input.press('ArrowDown');
  await expect(input).toHaveAttribute('aria-activedescendant', /.+/);
  await expectNoSeriousViolations(page);

  // The "no matching articles" state, too.
  await input.fill('qwertzuiop');
  await expect(page.locator('#home-search-listbox')).toContainText('No matching articles');
  await expectNoSeriousViolations(page);
});

test('instant search in the header of an article page has no serious accessibility problems', async ({ page }) => {
  await page.goto('/articles/reset-password');
  const input = page.getByRole('combobox', { name: 'Search the help center' });
  await input.fill('datev');
  await expect(page.locator('#header-search-listbox')).toBeVisible();
  await expectNoSeriousViolations(page);
});
