/**
 * What the public may see: internal and draft articles do not exist (404, never listed or
 * found), archived ones are readable but marked and not searchable.
 */
import { expect, test } from '@playwright/test';
import { hiddenArticles, mentionsSlug, readArticles, unsearchableArticles } from './support/content.ts';

const INTERNAL = ['bankabruf-haengt-bei-verbindungsaufbau', 'bank-sync-stuck-at-connecting'];
const DRAFT = 'druckvorlage-anpassen';
const ARCHIVED = 'umsatzsteuersenkung-2020';

test.describe('internal and draft articles', () => {
  test('the named examples really are internal, draft and archived in the test content', () => {
    const bySlug = new Map(readArticles().map((article) => [article.slug, article]));
    for (const slug of INTERNAL) expect(bySlug.get(slug)?.audience, slug).toBe('internal');
    expect(bySlug.get(DRAFT)?.status).toBe('draft');
    expect(bySlug.get(ARCHIVED)).toMatchObject({ audience: 'public', status: 'archived' });
  });

  for (const slug of [...INTERNAL, DRAFT]) {
    test(`/articles/${slug} is the 404 page`, async ({ page }) => {
      const response = await page.goto(`/articles/${slug}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
      await expect(page).toHaveTitle(/^Page not found/);
      await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
      const title = readArticles().find((article) => article.slug === slug)!.title;
      expect(await page.content()).not.toContain(title);
    });
  }

  test('every hidden article is a 404, also in the other interface language', async ({ request }) => {
    for (const article of hiddenArticles()) {
      for (const lang of ['en', 'de']) {
        const response = await request.get(`/articles/${article.slug}`, { headers: { 'Accept-Language': lang } });
        expect(response.status(), `${article.slug} (${lang})`).toBe(404);
        expect(await response.text(), article.slug).not.toContain(article.title);
      }
    }
  });

  test('/api/search never lists internal, draft or archived articles', async ({ request }) => {
    const hidden = unsearchableArticles();
    // Queries made of the hidden articles' own titles, plus words only internal articles use.
    const queries = [...hidden.map((article) => article.title), 'PENDING_SCA Admin-Konsole', 'admin console workaround', 'TH-5310', 'Briefpapier Logo', 'Umsatzsteuersenkung 2020'];
    for (const q of queries) {
      for (const lang of ['de', 'en']) {
        const response = await request.get(`/api/search?${new URLSearchParams({ q, lang, limit: '50' })}`);
        expect(response.status()).toBe(200);
        expect(response.headers()['cache-control']).toBe('no-store');
        const { results } = (await response.json()) as { results: { slug: string }[] };
        const leaked = results.filter((result) => hidden.some((article) => article.slug === result.slug));
        expect(leaked.map((result) => result.slug), `“${q}” (${lang})`).toEqual([]);
      }
    }
  });

  test('the search page never shows them either', async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: 'tz_lang', value: 'de', url: baseURL! }]);
    await page.goto(`/search?q=${encodeURIComponent('Bankabruf hängt Verbindung wird aufgebaut')}`);
    const html = await page.content();
    for (const article of unsearchableArticles()) {
      expect(mentionsSlug(html, `/articles/${article.slug}`), article.slug).toBe(false);
    }
    // The public article on the same topic is found instead.
    await expect(page.getByRole('link', { name: /Bankabruf/ }).first()).toBeVisible();
  });

  test('home and category pages never list them', async ({ page, baseURL }) => {
    const hidden = hiddenArticles();
    await page.goto('/');
    const categoryLinks = await page.locator('.category-grid a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    expect(categoryLinks.length).toBeGreaterThan(3);
    for (const lang of ['en', 'de']) {
      await page.context().addCookies([{ name: 'tz_lang', value: lang, url: baseURL! }]);
      // The cookie picks the language of / ; the other pages carry theirs in the URL.
      const pages = ['/', ...categoryLinks.map((href) => href.replace(/^\/(de|en)\//, `/${lang}/`))];
      for (const url of pages) {
        await page.goto(url);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        const hrefs = await page.locator('main a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
        const leaked = hidden.filter((article) => hrefs.some((href) => href.split('?')[0].replace(/^\/(de|en)\//, '/') === `/articles/${article.slug}`));
        expect(leaked.map((article) => article.slug), `${url} (${lang})`).toEqual([]);
        const text = await page.locator('main').innerText();
        for (const article of hidden) expect(text, `${url} (${lang})`).not.toContain(article.title);
      }
    }
  });

  test('the contact page does not reveal an internal article named in its URL', async ({ page }) => {
    const [slug] = INTERNAL;
    const title = readArticles().find((article) => article.slug === slug)!.title;
    await page.goto(`/contact?article=${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact support');
    await expect(page.locator('[data-context-article]')).toHaveCount(0);
    expect(await page.content()).not.toContain(title);
  });
});

test.describe('archived articles', () => {
  test('can be read, carry the archived notice and are kept out of search engines', async ({ page }) => {
    const response = await page.goto(`/articles/${ARCHIVED}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Befristete Umsatzsteuersenkung 2020 (16 % und 5 %)');
    // A German article is shown under /de/, in the German interface.
    await expect(page).toHaveURL(`/de/articles/${ARCHIVED}`);
    await expect(page.getByRole('note')).toHaveText('Dieser Artikel ist archiviert und möglicherweise nicht mehr aktuell.');
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  });

  test('are not in search results', async ({ page, request }) => {
    for (const q of ['Umsatzsteuersenkung', 'befristete Umsatzsteuersenkung 2020', 'Steuersenkung 16 %']) {
      await page.goto(`/search?${new URLSearchParams({ q })}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator(`a[href*="/articles/${ARCHIVED}"]`), q).toHaveCount(0);
      const api = (await (await request.get(`/api/search?${new URLSearchParams({ q, lang: 'de' })}`)).json()) as { results: { slug: string }[] };
      expect(api.results.map((result) => result.slug), q).not.toContain(ARCHIVED);
    }
  });
});

test.describe('unknown addresses', () => {
  for (const url of ['/no-such-page', '/articles/no-such-article', '/categories/no-such-category', '/articles/']) {
    test(`${url} is the 404 page`, async ({ page }) => {
      const response = await page.goto(url);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
      await expect(page.getByText('The page you are looking for does not exist or is not available.')).toBeVisible();
      // The 404 page offers a search.
      await expect(page.getByRole('main').getByRole('button', { name: 'Search' })).toBeVisible();
    });
  }
});

test('"Still need help? Contact support" on an article carries the article and the last search', async ({ page }) => {
  await page.goto('/search?q=forgot+password');
  await page.getByRole('link', { name: 'Reset your password' }).click();
  await expect(page).toHaveURL('/en/articles/reset-password?q=forgot+password');

  const help = page.getByRole('complementary', { name: 'Still need help?' });
  await expect(help).toContainText('If this article did not solve your problem');
  const contact = help.getByRole('link', { name: 'Contact support' });
  const href = new URL((await contact.getAttribute('href'))!, page.url());
  expect(href.pathname).toBe('/en/contact');
  expect(href.searchParams.get('article')).toBe('reset-password');
  expect(href.searchParams.get('q')).toBe('forgot password');

  await contact.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact support');
  await expect(page.locator('[data-context-article]')).toHaveText('Article: Reset your password');
  await expect(page.locator('[data-context-query]')).toHaveText('Your search: “forgot password”');

  // Without a search, the link names only the article.
  await page.goto('/articles/reset-password');
  const plain = new URL((await page.getByRole('complementary', { name: 'Still need help?' }).getByRole('link').getAttribute('href'))!, page.url());
  expect([...plain.searchParams.keys()]).toEqual(['article']);
});
