/**
 * Interface language: from Accept-Language, switched by the header link and remembered in
 * the `tz_lang` cookie; articles link to their translation.
 */
import { expect, test } from '@playwright/test';

test.describe('a reader whose browser asks for German', () => {
  test.use({ locale: 'de-DE' });

  test('gets the German interface', async ({ page }) => {
    await page.goto('/');
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

    await expect(page).toHaveURL('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can we help?');
    const cookie = (await context.cookies()).find((c) => c.name === 'tz_lang');
    expect(cookie?.value).toBe('en');
    expect(cookie?.httpOnly).toBe(true);
    // Remembered for a long time, not just for the session.
    expect(cookie!.expires * 1000).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);

    // The browser still asks for German; the cookie wins.
    await page.goto('/contact');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact support');
    await page.goto('/search?q=passwort');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “passwort”');

    // Switching back returns to the same page, query included.
    await page.getByRole('banner').getByRole('link', { name: 'Language: Deutsch' }).click();
    await expect(page).toHaveURL('/search?q=passwort');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ergebnisse für „passwort“');
    expect((await context.cookies()).find((c) => c.name === 'tz_lang')?.value).toBe('de');
  });

  test('an English article links to its German translation and back', async ({ page }) => {
    await page.goto('/articles/reset-password');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
    // The article keeps its own language inside the German interface.
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.locator('article')).toHaveAttribute('lang', 'en');

    const toGerman = page.getByRole('link', { name: 'Diesen Artikel auf Deutsch lesen' });
    await expect(toGerman).toHaveAttribute('hreflang', 'de');
    await toGerman.click();
    await expect(page).toHaveURL('/articles/passwort-zuruecksetzen');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passwort zurücksetzen');
    await expect(page.locator('article')).toHaveAttribute('lang', 'de');

    await page.getByRole('link', { name: 'Diesen Artikel auf Englisch lesen' }).click();
    await expect(page).toHaveURL('/articles/reset-password');
  });
});

test.describe('a reader whose browser asks for English', () => {
  test('gets the English interface and the "read in German" link', async ({ page }) => {
    await page.goto('/articles/reset-password');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const toGerman = page.getByRole('link', { name: 'Read this article in German' });
    await toGerman.click();
    await expect(page).toHaveURL('/articles/passwort-zuruecksetzen');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passwort zurücksetzen');
    await expect(page.getByRole('link', { name: 'Read this article in English' })).toHaveAttribute('href', '/articles/reset-password');
  });
});

test('the language switch only returns to pages on this site', async ({ request }) => {
  for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const response = await request.get(`/lang/de?back=${encodeURIComponent(back)}`, { maxRedirects: 0 });
    expect(response.status(), back).toBe(303);
    expect(response.headers().location, back).toBe('/');
  }
  const ok = await request.get(`/lang/de?back=${encodeURIComponent('/search?q=x')}`, { maxRedirects: 0 });
  expect(ok.headers().location).toBe('/search?q=x');
});
