/**
 * Learned phrasings, end to end: a search the knowledge base cannot answer shows up in the
 * insights' content gaps; second level adds it there as a phrasing of an article in one step,
 * sees it confirmed on the article's staff page, and search then finds that article for it
 * (first); removed again, the search finds nothing again.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { addStaffAccounts, logInAs } from './support/staff.ts';

const PASSWORD = 'phrasings e2e password';
const SECOND = { email: 'phrasings-second@example.test', name: 'Phrasing Second', role: 'second_level' };
/** Letters only, so that the analyser keeps each word whole; new per run. */
const RUN = Array.from({ length: 6 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');
/** How a customer asked (no demo article has these words); "aardvark" sorts it first among equal counts. */
const QUERY = `aardvark ${RUN} gadget stuck`;

/** Slugs of the articles the search page lists for a query, in order. */
async function searchSlugs(request: APIRequestContext, query: string): Promise<string[]> {
  const html = await (await request.get(`/search?${new URLSearchParams({ q: query })}`)).text();
  return [...html.matchAll(/class="result-title" href="\/(?:de|en)\/articles\/([a-z0-9-]+)\?/g)].map((match) => match[1]);
}

test.beforeAll(() => addStaffAccounts([SECOND], PASSWORD));

test('a search added as phrasing by second level is then found by search, and no longer once removed', async ({ browser, request }) => {
  // Asked a few times, found nothing: a content gap.
  for (let n = 0; n < 3; n++) expect(await searchSlugs(request, QUERY)).toEqual([]);

  const page = await logInAs(browser, SECOND.email, PASSWORD);
  const form = page.locator(`form[data-gap-phrasing="${QUERY}"]`);
  await expect.poll(async () => {
    await page.goto('/staff/insights');
    return form.count();
  }, { timeout: 10_000, message: 'the search is listed among the content gaps' }).toBe(1);
  await form.getByLabel(`Add “${QUERY}” as phrasing to article`).fill('reset-password');
  await form.getByRole('button', { name: 'Add as phrasing' }).click();

  await expect(page).toHaveURL(/\/staff\/articles\/reset-password\?done=phrasing-added#phrasings$/);
  await expect(page.getByRole('status')).toContainText('Added as a phrasing of “Reset your password”');
  const phrasing = page.locator('[data-phrasings] [data-phrasing]').filter({ hasText: QUERY });
  await expect(phrasing).toHaveAttribute('data-status', 'confirmed');

  // Search uses it now: the article comes first, also with the words in another order.
  expect((await searchSlugs(request, QUERY))[0]).toBe('reset-password');
  expect((await searchSlugs(request, `stuck gadget ${RUN} aardvark`))[0]).toBe('reset-password');

  // Removed: gone from the page and from search.
  await phrasing.getByRole('button', { name: `Remove: ${QUERY}` }).click();
  await expect(page.getByRole('status')).toContainText('The phrasing is removed');
  await expect(page.locator('[data-phrasings] [data-phrasing]').filter({ hasText: QUERY })).toHaveCount(0);
  expect(await searchSlugs(request, QUERY)).toEqual([]);
  await page.context().close();
});
