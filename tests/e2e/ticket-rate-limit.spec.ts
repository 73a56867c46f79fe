/**
 * The per-client ticket limit, end to end. The shared test server allows 50 tickets per
 * client (all tests come from 127.0.0.1), so this test starts a second instance of the built
 * server with TICKET_RATE_LIMIT=2 and its own data folder, and posts the form as a browser
 * without JavaScript would: the third ticket in 10 minutes gets a clear 429 page that says
 * when to try again, keeps nothing, and creates no ticket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';

let server: ChildProcess | null = null;
let baseURL = '';
let dataDir = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

test.beforeAll(async () => {
  const base = process.env.E2E_BASE_DIR;
  const app = process.env.E2E_APP_DIR;
  if (!base || !app) throw new Error('E2E_BASE_DIR is not set: run the tests through playwright.config.ts');
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(base, 'rate-limit-data-'));
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.resolve('scripts/serve.ts')], {
    cwd: base,
    env: { ...process.env, TIERZERO_DIST: path.join(app, 'dist'), HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, CONTENT_DIR: process.env.E2E_CONTENT_DIR, SITE_URL: baseURL, TICKET_RATE_LIMIT: '2', SMTP_URL: '' },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${baseURL}/tickets/status`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the rate-limit test server did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

test.afterAll(() => {
  server?.kill();
  server = null;
});

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
