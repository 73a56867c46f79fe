/**
 * The per-client ticket limit, end to end. The shared test server allows 50 tickets per
 * client (all tests come from 127.0.0.1), so this test starts a second instance of the built
 * server with TICKET_RATE_LIMIT=2 and its own data folder, and posts the form as a browser
 * without JavaScript would: the third ticket in 10 minutes gets a clear 429 page that says
 * when to try again, keeps nothing, and creates no ticket.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { extraServer, type ExtraServer } from './support/extra-server.ts';

let server: ExtraServer;
let baseURL = '';
let dataDir = '';

test.beforeAll(async () => {
  server = await extraServer('rate-limit', { TICKET_RATE_LIMIT: '2' });
  ({ baseURL, dataDir } = server);
  await server.start();
});

test.afterAll(() => server.stop());

test.use({ javaScriptEnabled: false });

test('the third ticket from one client within 10 minutes gets a clear 429 page and creates nothing', async ({ page }) => {
  const submit = async (n: number): Promise<number> => {
    await page.goto(`${baseURL}/tickets/new`);
    await page.getByLabel('Your name').fill(`Rita Rate ${n}`);
    await page.getByLabel('Your e-mail address').fill(`rita.${n}@example.com`);
    await page.getByLabel('Subject').fill(`Question number ${n}`);
    await page.getByLabel('Your question or problem').fill('Just asking.');
    await page.getByLabel('Topic').selectOption('account');
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send request' }).click();
    return (await response).status();
  };
  expect(await submit(1)).toBe(303);
  await expect(page).toHaveURL(`${baseURL}/tickets/created`);
  expect(await submit(2)).toBe(303);

  const response = page.waitForResponse((r) => r.request().method() === 'POST');
  const status = await submit(3);
  expect(status).toBe(429);
  const retryAfter = Number((await response).headers()['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(600);
  await expect(page.getByRole('heading', { level: 1, name: 'Too many requests' })).toBeVisible();
  await expect(page.getByText('Please try again in 10 minutes.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the form' })).toBeVisible();

  // Invalid input is checked before the limit (it never counts), so it is still explained field by field.
  await page.goto(`${baseURL}/tickets/new`);
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.locator('[data-ticket-errors]')).toContainText('Please enter your name.');

  const db = new Database(path.join(dataDir, 'tierzero.sqlite'), { readonly: true, fileMustExist: true });
  try {
    expect((db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n).toBe(2);
  } finally {
    db.close();
  }
});
