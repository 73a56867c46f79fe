/**
 * Without JavaScript the search box is a plain form: searching, results, the no-results
 * path and the contact page all work from server-rendered HTML.
 */
import { expect, test } from '@playwright/test';

test.use({ javaScriptEnabled: false });

test('the home search form submits to /search and shows server-rendered, highlighted results', async ({ page }) => {
  await page.goto('/');
  // Not enhanced: a plain search field, no combobox.
  await expect(page.getByRole('combobox')).toHaveCount(0);
  const input = page.getByRole('searchbox', { name: 'Search the help center' });
  await input.fill('reset password');
  await page.getByRole('button', { name: 'Search' }).click();

  await expect(page).toHaveURL(/\/en\/search\?q=reset\+password$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “reset password”');
  await expect(page.getByRole('searchbox', { name: 'Search the help center' })).toHaveValue('reset password');
  await expect(page.locator('#result-count')).toHaveText(/^\d+ articles? found$/);

  const results = page.getByRole('list', { name: /articles? found/ });
  const first = results.getByRole('listitem').first();
  const title = first.getByRole('link', { name: 'Reset your password' });
  await expect(title).toHaveAttribute('href', '/en/articles/reset-password?q=reset+password');
  await expect(title.locator('mark').filter({ hasText: /^password$/i }).first()).toBeVisible();
  await expect(first.locator('.result-snippet mark').first()).toHaveText(/reset|password/i);

  await title.click();
  await expect(page).toHaveURL('/en/articles/reset-password?q=reset+password');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
});

test('pressing Enter in the search box submits the form', async ({ page }) => {
  await page.goto('/contact');
  const input = page.getByRole('searchbox', { name: 'Search the help center' }).first();
  await input.fill('datev');
  await input.press('Enter');
  await expect(page).toHaveURL(/\/en\/search\?q=datev$/);
  await expect(page.getByRole('link', { name: 'Create a DATEV export for your tax advisor' })).toBeVisible();
});

test('a search without results offers the contact page, which shows the query', async ({ page }) => {
  const query = 'qwertzuiop';
  await page.goto('/search');
  await expect(page.getByText('Type a question or a few keywords.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search the help center' }).fill(query);
  await page.getByRole('button', { name: 'Search' }).click();

  await expect(page).toHaveURL(`/en/search?q=${query}`);
  await expect(page.getByText(`No articles match “${query}”.`)).toBeVisible();
  await expect(page.locator('.results')).toHaveCount(0);
  const contact = page.getByRole('main').getByRole('link', { name: 'Contact support' });
  await expect(contact).toHaveAttribute('href', `/en/contact?q=${query}`);

  await contact.click();
  await expect(page).toHaveURL(`/en/contact?q=${query}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact support');
  await expect(page.getByText(`Your search: “${query}”`)).toBeVisible();
  // The contact page offers to search again, starting from the same words.
  await expect(page.getByRole('main').getByRole('searchbox', { name: 'Search the help center' })).toHaveValue(query);
});

test('queries with special characters are carried safely to the contact page', async ({ page }) => {
  const query = 'a&b <x> "c"';
  await page.goto(`/search?${new URLSearchParams({ q: query })}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Results for “${query}”`);
  const contact = page.getByRole('main').getByRole('link', { name: 'Contact support' }).first();
  expect(new URL((await contact.getAttribute('href'))!, page.url()).searchParams.get('q')).toBe(query);
  await contact.click();
  await expect(page.getByText(`Your search: “${query}”`)).toBeVisible();
});
