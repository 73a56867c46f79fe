/**
 * Reading an article: each section heading links to itself ("copy link") — a plain anchor
 * without JavaScript, a copied URL with an announcement with it — and tags show their
 * labels (content/tags.yml), not their keys. In both languages, axe-clean.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const DE = '/de/articles/datev-export-erstellen';

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a section heading is a plain link to itself, and tags show their labels', async ({ page, baseURL }) => {
    await page.goto(DE);
    const heading = page.getByRole('heading', { level: 2, name: /^Export erstellen/ });
    const anchor = heading.getByRole('link', { name: 'Link zum Abschnitt kopieren: Export erstellen' });
    await expect(anchor).toHaveAttribute('href', '#user-content-export-erstellen');
    await anchor.click();
    await expect(page).toHaveURL(`${baseURL}${DE}#user-content-export-erstellen`);
    // Sub-headings (h3) get one too; the table of contents is unchanged.
    await expect(page.getByRole('link', { name: 'Link zum Abschnitt kopieren: Erlöskonten' })).toHaveAttribute('href', '#user-content-erlöskonten');
    await expect(page.locator('.toc a').first()).not.toContainText('#');

    const tags = page.locator('.tags a.tag');
    await expect(tags).toHaveText(['DATEV', 'Export', 'Steuerberatung', 'Buchungsstapel', 'SKR03']);
    await expect(tags.first()).toHaveAttribute('href', '/de/search?q=datev');
  });
});

test('with JavaScript "copy link" copies the section URL and says so', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto('/en/articles/datev-export');
  const anchor = page.locator('.prose h2 a[data-copy-link]').first();
  const id = (await anchor.getAttribute('href'))!.slice(1);
  const heading = (await page.locator(`[id="${id}"]`).evaluate((element) => element.firstChild?.textContent ?? '')).trim();
  await anchor.click();
  await expect(page.locator('[data-copy-status]')).toHaveText(`Link to “${heading}” copied.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/en/articles/datev-export#${id}`);
  await expect(page).toHaveURL(`${baseURL}/en/articles/datev-export#${id}`);
  await expect(page.locator('.tags a.tag').first()).toHaveText('DATEV');
  await expectNoSeriousViolations(page);
});
