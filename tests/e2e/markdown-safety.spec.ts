/**
 * Markdown that cannot be rendered (issue 18): a stored article with such a text shows a
 * notice instead of a 500 and still opens in the editor to be fixed; the editor refuses to
 * save such a text with the reason, keeping it in the form; and a slow preview runs beside
 * the requests of everyone else instead of blocking them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { articlesDir } from './support/content.ts';
import { addStaffAccounts, logInAs } from './support/staff.ts';

const PASSWORD = 'e2e-markdown-safety-password';
const RUN = Date.now().toString(36);
const EDITOR = { email: `markdown.second.${RUN}@tierzero.test`, name: `Mia Markdown ${RUN}`, role: 'second_level' };
const slug = `e2e-deep-${RUN}`;
const file = (): string => path.join(articlesDir(), `${slug}.md`);
const DEEP = `${'>'.repeat(5_000)} quoted`;

test.beforeAll(() => addStaffAccounts([EDITOR], PASSWORD));
test.afterAll(() => fs.rmSync(file(), { force: true }));

test('a stored article that cannot be rendered: notice page, editor opens, fix and save', async ({ browser, request }) => {
  fs.writeFileSync(
    file(),
    ['---', 'title: "Deeply quoted"', 'summary: "A text nested too deeply."', 'category: account', 'tags: [e2e]', 'lang: en', 'audience: public', 'status: validated', 'updated: 2026-11-20', '---', '', DEEP, ''].join('\n'),
  );
  await expect.poll(async () => (await request.get(`/articles/${slug}`)).status(), { timeout: 10_000 }).toBe(503);
  const publicPage = await request.get(`/articles/${slug}`);
  expect(await publicPage.text()).toContain('This article cannot be shown right now');
  expect((await request.get('/')).status()).toBe(200);

  const page = await logInAs(browser, EDITOR.email, PASSWORD, false);
  const opened = await page.goto(`/staff/articles/edit/${slug}`);
  expect(opened?.status()).toBe(200);
  expect((await page.getByLabel('Body (Markdown)').inputValue()).trim()).toBe(DEEP);
  await expect(page.locator('[data-render-refused="too_deep"]')).toContainText('nested too deeply');

  // Saving the broken text again is refused with the reason; the text stays in the form.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('nested too deeply').first()).toBeVisible();
  expect((await page.getByLabel('Body (Markdown)').inputValue()).trim()).toBe(DEEP);

  await page.getByLabel('Body (Markdown)').fill('> One quote is enough.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/articles/edit/${slug}\\?done=saved`));
  const fixed = await request.get(`/articles/${slug}`);
  expect(fixed.status()).toBe(200);
  expect(await fixed.text()).toContain('One quote is enough.');
  await page.context().close();
});

test('a slow preview does not hold up other visitors', async ({ browser, request }) => {
  const page = await logInAs(browser, EDITOR.email, PASSWORD, false);
  await page.goto('/staff/articles/new');
  await page.getByLabel('Body (Markdown)').fill('*_'.repeat(15_000));
  const preview = page.getByRole('button', { name: 'Preview' }).click();
  // Meanwhile an anonymous visitor's page (not from the page cache: a search) answers at once.
  await page.waitForTimeout(100);
  const started = Date.now();
  expect((await request.get(`/search?q=${RUN}`)).status()).toBe(200);
  expect(Date.now() - started).toBeLessThan(2_000);
  await preview;
  await expect(page.locator('[data-render-refused="too_slow"]')).toBeVisible();
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue('*_'.repeat(15_000));
  await page.context().close();
});
