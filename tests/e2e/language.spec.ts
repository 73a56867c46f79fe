/**
 * Interface language: public pages live under /de/… and /en/…; `/` picks one from the cookie
 * or Accept-Language; the header switch goes to the translation of the page (remembered in
 * the `tz_lang` cookie for the pages without a language in their URL); articles link to their
 * translation.
 */
import { expect, test } from '@playwright/test';

test.describe('a reader whose browser asks for German', () => {
  test.use({ locale: 'de-DE' });

  test('gets the German interface', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL('/de/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page).toHaveTitle('Tallyhaus Hilfe-Center');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wie können wir helfen?');
    await expect(page.getByRole('heading', { name: 'Themen' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Im Hilfe-Center suchen' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Suchen' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Anmeldung & Konto' })).toBeVisible();
  });

  test('switches to English, and the choice is remembered on the next pages', async ({ page, context }) => {
    await page.goto('/');
    const toEnglish = page.getByRole('banner').getByRole('link', { name: 'Sprache: English' });
    await expect(toEnglish).toHaveAttribute('hreflang', 'en');
    await toEnglish.click();

    await expect(page).toHaveURL('/en/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can we help?');
    const cookie = (await context.cookies()).find((c) => c.name === 'tz_lang');
    expect(cookie?.value).toBe('en');
    expect(cookie?.httpOnly).toBe(true);
    // Remembered for a long time, not just for the session.
    expect(cookie!.expires * 1000).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);

    // The browser still asks for German; the cookie wins for pages without a language in the URL.
    await page.goto('/');
    await expect(page).toHaveURL('/en/');
    await page.goto('/contact');
    await expect(page).toHaveURL('/en/contact');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact support');
    await page.goto('/tickets/new');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.goto('/en/search?q=passwort');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “passwort”');

    // Switching back goes to the same page in German, query included.
    await page.getByRole('banner').getByRole('link', { name: 'Language: Deutsch' }).click();
    await expect(page).toHaveURL('/de/search?q=passwort');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ergebnisse für „passwort“');
    expect((await context.cookies()).find((c) => c.name === 'tz_lang')?.value).toBe('de');
  });

  test('an old article address goes to the article under its own language, which links to its translation and back', async ({ page }) => {
    const response = await page.request.get('/articles/reset-password', { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(response.headers().location).toBe('/en/articles/reset-password');
    await page.goto('/articles/reset-password');
    await expect(page).toHaveURL('/en/articles/reset-password');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    const toGerman = page.getByRole('link', { name: 'Read this article in German' });
    await expect(toGerman).toHaveAttribute('hreflang', 'de');
    await toGerman.click();
    await expect(page).toHaveURL('/de/articles/passwort-zuruecksetzen');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passwort zurücksetzen');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');

    await page.getByRole('link', { name: 'Diesen Artikel auf Englisch lesen' }).click();
    await expect(page).toHaveURL('/en/articles/reset-password');
  });
});

test.describe('the language switch', () => {
  test('on an article lands on its translation, and without one on the same category in the other language', async ({ page, context }) => {
    await page.goto('/de/articles/passwort-zuruecksetzen');
    await page.getByRole('banner').getByRole('link', { name: 'Sprache: English' }).click();
    await expect(page).toHaveURL('/en/articles/reset-password');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
    expect((await context.cookies()).find((c) => c.name === 'tz_lang')?.value).toBe('en');
    await page.getByRole('banner').getByRole('link', { name: 'Language: Deutsch' }).click();
    await expect(page).toHaveURL('/de/articles/passwort-zuruecksetzen');

    // No English version: the English page of its category.
    await page.goto('/de/articles/gobd-konforme-archivierung');
    await page.getByRole('banner').getByRole('link', { name: 'Sprache: English' }).click();
    await expect(page).toHaveURL('/en/categories/export');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('a German article asked for under /en/ moves to /de/ for good', async ({ request }) => {
    const response = await request.get('/en/articles/passwort-zuruecksetzen?q=x', { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(response.headers().location).toBe('/de/articles/passwort-zuruecksetzen?q=x');
  });
});

test('the language switch only returns to pages on this site', async ({ request }) => {
  for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const response = await request.get(`/lang/de?back=${encodeURIComponent(back)}`, { maxRedirects: 0 });
    expect(response.status(), back).toBe(303);
    expect(response.headers().location, back).toBe('/');
  }
  const ok = await request.get(`/lang/de?back=${encodeURIComponent('/de/search?q=x')}`, { maxRedirects: 0 });
  expect(ok.headers().location).toBe('/de/search?q=x');
});
