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

test.describe('article images', () => {
  const WITH_IMAGE = '/de/articles/erste-rechnung-erstellen';

  test('a phone loads the 360 px variant, never the 800 px original; width and height are set', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const images: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/media/')) images.push(url.pathname);
    });
    await page.goto(WITH_IMAGE);
    const img = page.locator('.prose picture img').first();
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((element: HTMLImageElement) => (element.complete ? element.currentSrc : ''))).toMatch(/-360\.avif$/);
    expect(await img.getAttribute('width')).toBe('800');
    expect(await img.getAttribute('height')).toBe('450');
    expect(await img.getAttribute('loading')).toBeNull();
    expect(await page.locator('.prose picture source[type="image/avif"]').first().getAttribute('srcset')).toMatch(/-360\.avif 360w/);
    expect(images.some((name) => /-360\.avif$/.test(name))).toBe(true);
    expect(images.filter((name) => /-800\.|\.png$/.test(name))).toEqual([]);
    // Every image of the text has a size; all after the first load lazily.
    const attributes = await page.locator('.prose img').evaluateAll((all) => all.map((element) => [element.getAttribute('width'), element.getAttribute('height'), element.getAttribute('loading')]));
    expect(attributes.every(([width, height]) => width && height)).toBe(true);
    expect(attributes.slice(1).every(([, , loading]) => loading === 'lazy')).toBe(true);
    await context.close();
  });

  test('variants are cached for a year under their content-hashed names', async ({ page, request }) => {
    await page.goto(WITH_IMAGE);
    const src = await page.locator('.prose picture img').first().getAttribute('src');
    expect(src).toMatch(/^\/media\/variants\/.+-[0-9a-f]{10}\.png$/);
    const response = await request.get(src!);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    const avif = await request.get(src!.replace(/\.png$/, '-360.avif'));
    expect(avif.headers()['content-type']).toBe('image/avif');
  });
});
