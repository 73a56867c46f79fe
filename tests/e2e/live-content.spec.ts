/**
 * Live content: the server watches the content folder, so a new, edited or deleted article
 * file shows up on the site and in search without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { articlesDir } from './support/content.ts';

/** A word no demo article contains (letters only, so the analyzer keeps it whole). */
function uniqueWord(prefix: string): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let word = prefix;
  for (let i = 0; i < 8; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

function articleSource(fields: { title: string; summary: string; body: string; translationKey?: string }): string {
  return [
    '---',
    `title: ${JSON.stringify(fields.title)}`,
    `summary: ${JSON.stringify(fields.summary)}`,
    'category: account',
    'tags: [e2e]',
    'lang: en',
    ...(fields.translationKey ? [`translationKey: ${fields.translationKey}`] : []),
    'audience: public',
    'status: validated',
    'updated: 2026-11-20',
    '---',
    '',
    fields.body,
    '',
  ].join('\n');
}

/** Slugs of the articles the search page lists for a query. */
async function searchSlugs(request: APIRequestContext, query: string): Promise<string[]> {
  const html = await (await request.get(`/search?${new URLSearchParams({ q: query })}`)).text();
  return [...html.matchAll(/class="result-title" href="\/(?:de|en)\/articles\/([a-z0-9-]+)\?/g)].map((match) => match[1]);
}

const LIVE = { timeout: 10_000 };

test.describe('live content', () => {
  const slug = `e2e-live-${Date.now().toString(36)}`;
  const otherSlug = `${slug}-other`;
  const file = () => path.join(articlesDir(), `${slug}.md`);
  const otherFile = () => path.join(articlesDir(), `${otherSlug}.md`);

  // Remove the files and wait until the server has dropped them, so later tests see the demo content only.
  test.afterEach(async ({ request }) => {
    for (const name of [file(), `${file()}.tmp`, otherFile()]) fs.rmSync(name, { force: true });
    for (const gone of [slug, otherSlug]) {
      await expect.poll(async () => (await request.get(`/articles/${gone}`)).status(), LIVE).toBe(404);
    }
  });

  test('a new article appears, changes and disappears without a restart', async ({ page, request }) => {
    const word = uniqueWord('zorbl');
    expect(await searchSlugs(request, word)).toEqual([]);
    expect((await request.get(`/articles/${slug}`)).status()).toBe(404);

    // Written the way editors save: to a temporary name, then renamed into place.
    const title = `Live reload check ${word}`;
    fs.writeFileSync(`${file()}.tmp`, articleSource({ title, summary: `Temporary article about ${word}.`, body: `## Steps\n\nThe ${word} setting is on the **Account** page.` }));
    fs.renameSync(`${file()}.tmp`, file());

    await expect.poll(() => searchSlugs(request, word), { ...LIVE, message: 'new article found by search' }).toContain(slug);
    await page.goto(`/articles/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('.prose')).toContainText(`The ${word} setting is on the Account page.`);
    // Listed in its category, too.
    await page.goto('/categories/account');
    await expect(page.getByRole('link', { name: title })).toBeVisible();

    // Edit: new title and a new word.
    const word2 = uniqueWord('quaxl');
    const title2 = `Live reload check, edited ${word2}`;
    fs.writeFileSync(file(), articleSource({ title: title2, summary: `Edited article about ${word2}.`, body: `Now it talks about ${word2}.` }));
    await expect
      .poll(async () => (await (await request.get(`/articles/${slug}`)).text()).includes(title2), { ...LIVE, message: 'edited title shown' })
      .toBe(true);
    await expect.poll(() => searchSlugs(request, word2), { ...LIVE, message: 'edited article found by its new word' }).toContain(slug);
    await page.goto(`/articles/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title2);
    await expect(page.locator('.prose')).toContainText(`Now it talks about ${word2}.`);

    // Instant search in the browser uses the new index, too.
    await page.goto('/');
    const input = page.getByRole('combobox', { name: 'Search the help center' });
    await input.fill(word2);
    await expect(page.locator('#home-search-listbox').getByRole('option').first()).toContainText(title2);

    // Delete.
    fs.rmSync(file());
    await expect.poll(async () => (await request.get(`/articles/${slug}`)).status(), { ...LIVE, message: 'deleted article is a 404' }).toBe(404);
    expect(await searchSlugs(request, word2)).toEqual([]);
    await page.goto('/categories/account');
    await expect(page.getByRole('link', { name: title2 })).toHaveCount(0);
  });

  test('a broken article file is skipped and the rest of the site keeps working', async ({ page, request }) => {
    const word = uniqueWord('brokn');
    fs.writeFileSync(file(), `---\ntitle: "Broken ${word}"\nlang: klingon\n---\n\n${word}\n`);
    // A valid article written after the broken one: once it is found, the broken one has been read too.
    const marker = uniqueWord('markr');
    fs.writeFileSync(otherFile(), articleSource({ title: `Marker ${marker}`, summary: `Marker article ${marker}.`, body: marker }));
    await expect.poll(() => searchSlugs(request, marker), { ...LIVE, message: 'valid article next to the broken one is found' }).toContain(otherSlug);

    expect((await request.get(`/articles/${slug}`)).status()).toBe(404);
    expect(await searchSlugs(request, word)).toEqual([]);
    await page.goto('/articles/reset-password');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');

    // Once fixed, it appears.
    fs.writeFileSync(file(), articleSource({ title: `Fixed ${word}`, summary: `Fixed article about ${word}.`, body: word }));
    await expect.poll(() => searchSlugs(request, word), { ...LIVE, message: 'fixed article is found' }).toContain(slug);
  });
});
