/**
 * Instant search on the home page: the search box is a WAI-ARIA combobox whose
 * suggestions come from the shipped public index.
 */
import { expect, test, type Page } from '@playwright/test';
import { mentionsSlug, unsearchableArticles } from './support/content.ts';

/** The home page's search combobox and its listbox. */
function homeSearch(page: Page) {
  const input = page.getByRole('combobox', { name: 'Search the help center' });
  const listbox = page.locator('#home-search-listbox');
  return { input, listbox, options: listbox.getByRole('option') };
}

test.describe('instant search on the home page', () => {
  test('shows highlighted suggestions, moves through them with the arrow keys and opens the chosen article', async ({ page }) => {
    await page.goto('/');
    const { input, listbox, options } = homeSearch(page);
    await expect(input).toHaveAttribute('aria-expanded', 'false');
    await expect(input).toHaveAttribute('aria-controls', 'home-search-listbox');
    await expect(listbox).toBeHidden();

    await input.click();
    await input.pressSequentially('reset password');

    await expect(listbox).toBeVisible();
    // Wait for the suggestions for the whole query, not for a prefix typed on the way.
    await expect(listbox.getByRole('option', { name: 'Show all results for “reset password”' })).toBeVisible();
    await expect(input).toHaveAttribute('aria-expanded', 'true');
    const first = options.first();
    await expect(first).toContainText('Reset your password');
    await expect(first.locator('mark').filter({ hasText: /^password$/i }).first()).toBeVisible();
    await expect(page.getByRole('status')).toHaveText(/\d+ suggestions? available/);
    // Nothing is active until the reader moves into the list.
    await expect(input).not.toHaveAttribute('aria-activedescendant', /.+/);
    await expect(listbox.locator('[aria-selected="true"]')).toHaveCount(0);

    await input.press('ArrowDown');
    await expect(first).toHaveAttribute('aria-selected', 'true');
    await expect(input).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
    await expect(input).toBeFocused();

    await input.press('ArrowDown');
    const second = options.nth(1);
    await expect(second).toHaveAttribute('aria-selected', 'true');
    await expect(first).toHaveAttribute('aria-selected', 'false');
    await expect(input).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!);

    await input.press('ArrowUp');
    await expect(first).toHaveAttribute('aria-selected', 'true');
    await expect(input).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);

    await input.press('Enter');
    await expect(page).toHaveURL(/\/articles\/reset-password\?q=reset(%20|\+)password$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
    expect(new URL(page.url()).searchParams.get('q')).toBe('reset password');
  });

  test('Escape closes the suggestions and a second Escape clears the box', async ({ page }) => {
    await page.goto('/');
    const { input, listbox } = homeSearch(page);
    await input.fill('invoice');
    await expect(listbox).toBeVisible();
    await input.press('ArrowDown');
    await expect(input).toHaveAttribute('aria-activedescendant', /.+/);

    await input.press('Escape');
    await expect(listbox).toBeHidden();
    await expect(input).toHaveAttribute('aria-expanded', 'false');
    await expect(input).not.toHaveAttribute('aria-activedescendant', /.+/);
    await expect(input).toHaveValue('invoice');

    await input.press('Escape');
    await expect(input).toHaveValue('');
  });

  test('finds the article despite typos, and a click on a suggestion opens it', async ({ page }) => {
    await page.goto('/');
    const { input, listbox, options } = homeSearch(page);
    await input.fill('resett pasword');
    await expect(listbox).toBeVisible();
    await expect(options.first()).toContainText('Reset your password');
    await options.first().click();
    await expect(page).toHaveURL(/\/articles\/reset-password\?q=resett(%20|\+)pasword$/);
  });

  test('finding nothing offers the spelling suggestion ("Did you mean …") as an option', async ({ page, request }) => {
    // The endpoint answers from the public articles' words.
    expect(await (await request.get('/api/did-you-mean?q=pasword')).json()).toEqual({ query: 'pasword', suggestion: 'password' });
    await page.goto('/de/');
    const input = page.locator('#home-search-input');
    const listbox = page.locator('#home-search-listbox');
    await input.fill('rechnug xyzzy');
    await expect(listbox).toBeVisible();
    await expect(listbox).toContainText('Keine passenden Artikel');
    const spelling = listbox.getByRole('option', { name: 'Meinten Sie „rechnung xyzzy“?' });
    await expect(spelling).toBeVisible();
    await expect(page.locator('[data-instant-search] [data-status]').first()).toContainText('Meinten Sie „rechnung xyzzy“?');
    await input.press('ArrowDown');
    await input.press('Enter');
    await expect(page).toHaveURL(/\/de\/search\?q=rechnung(%20|\+)xyzzy$/);
  });

  test('"Show all results" opens the search page, by click and by keyboard', async ({ page }) => {
    await page.goto('/');
    const { input, listbox } = homeSearch(page);
    await input.fill('datev');
    const showAll = listbox.getByRole('option', { name: 'Show all results for “datev”' });
    await expect(showAll).toBeVisible();
    await showAll.click();
    await expect(page).toHaveURL(/\/search\?q=datev$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “datev”');
    await expect(page.getByRole('link', { name: 'Create a DATEV export for your tax advisor' })).toBeVisible();

    // ArrowUp from the box wraps to the last option, which is "Show all results".
    await page.goto('/');
    await input.fill('datev');
    await expect(showAll).toBeVisible();
    await input.press('ArrowUp');
    await expect(showAll).toHaveAttribute('aria-selected', 'true');
    await expect(input).toHaveAttribute('aria-activedescendant', 'home-search-listbox-all');
    await input.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=datev$/);
  });

  test('Enter without a chosen suggestion submits the form to the search page', async ({ page }) => {
    await page.goto('/');
    const { input, listbox } = homeSearch(page);
    await input.fill('reset password');
    await expect(listbox).toBeVisible();
    await input.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=reset\+password$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “reset password”');
  });
});

test.describe('shipped search index', () => {
  /** The index address the page's search box would download. */
  async function indexUrlOf(page: Page): Promise<string> {
    const url = await page.locator('#home-search-input').evaluate((input) => (input as HTMLInputElement).form!.dataset.indexUrl!);
    expect(url).toMatch(/^\/search-index\/(de|en)-[0-9a-f]+\.json$/);
    return url;
  }

  test('is downloaded when the reader starts using the search box', async ({ page }) => {
    await page.goto('/');
    const indexUrl = await indexUrlOf(page);
    const downloaded = page.waitForResponse((response) => new URL(response.url()).pathname === indexUrl, { timeout: 10_000 });
    await page.getByRole('combobox', { name: 'Search the help center' }).focus();
    const response = await downloaded;
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toContain('immutable');
  });

  test('one file per language, cached forever, holding only public, validated articles', async ({ page, request }) => {
    const texts: string[] = [];
    for (const [lang, own, other] of [['en', 'reset-password', 'passwort-zuruecksetzen'], ['de', 'passwort-zuruecksetzen', 'reset-password']] as const) {
      await page.goto(`/${lang}/`);
      const indexUrl = await indexUrlOf(page);
      expect(indexUrl).toContain(`/search-index/${lang}-`);
      const response = await request.get(indexUrl, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(response.status()).toBe(200);
      expect(response.headers()['content-encoding']).toBe('gzip');
      expect(response.headers()['cache-control']).toContain('immutable');
      expect(response.headers()['cache-control']).toMatch(/max-age=\d{7,}/);
      const text = await response.text();
      const payload = JSON.parse(text) as { docs: { id: string; title: string }[] };
      const ids = payload.docs.map((doc) => doc.id);
      // Only the reader's language is downloaded.
      expect(ids).toContain(own);
      expect(ids).not.toContain(other);
      texts.push(text);
    }
    const text = texts.join('\n');

    const hidden = unsearchableArticles();
    // The named examples from the demo content must be among what is checked.
    expect(hidden.map((article) => article.slug)).toEqual(
      expect.arrayContaining(['bankabruf-haengt-bei-verbindungsaufbau', 'bank-sync-stuck-at-connecting', 'druckvorlage-anpassen', 'umsatzsteuersenkung-2020']),
    );
    const leaked = hidden.filter((article) => mentionsSlug(text, article.slug) || text.includes(article.title));
    expect(leaked.map((article) => `${article.slug} (${article.audience}, ${article.status})`), 'non-public articles in the shipped index').toEqual([]);
  });

  test('an outdated index URL is a 404 that is not cached', async ({ request }) => {
    const response = await request.get('/search-index/de-0000000000000000.json');
    expect(response.status()).toBe(404);
    expect(response.headers()['cache-control']).toBe('no-store');
  });
});
