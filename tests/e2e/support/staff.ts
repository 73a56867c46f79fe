/**
 * Staff accounts and direct domain calls for end-to-end tests, against the test server's
 * own data folder (E2E_DATA_DIR) and, on PostgreSQL, its database (DATABASE_URL, set by
 * postgres-global-setup.ts and passed on to every script run here).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';

const NODE = path.resolve('node_modules/.bin/node');

/** The environment that points the project's scripts at the test server's folders. */
function testEnv(): NodeJS.ProcessEnv {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: run the tests through playwright.config.ts');
  return { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.E2E_CONTENT_DIR };
}

/** A staff account to create; `extra` holds further user:add options (e.g. --areas, --trainee). */
export interface StaffAccount {
  email: string;
  name: string;
  role: string;
  extra?: string[];
}

/**
 * Creates staff accounts with scripts/user-add.ts, as an operator would (the password on
 * STDIN). An account that already exists is fine: a restarted worker runs beforeAll again.
 */
export function addStaffAccounts(accounts: StaffAccount[], password: string): void {
  const env = testEnv();
  for (const account of accounts) {
    const run = spawnSync(
      NODE,
      ['scripts/user-add.ts', '--email', account.email, '--name', account.name, '--role', account.role, ...(account.extra ?? [])],
      { input: `${password}\n`, encoding: 'utf8', env },
    );
    if (run.status !== 0 && !run.stderr.includes('already exists')) throw new Error(`user:add failed: ${run.stderr || run.error}`);
  }
}

/**
 * The module code run by `runNode` imports to open the test server's installation on either
 * engine: `const { db, database, close } = await openInstallation()` (support/installation.ts).
 */
export const INSTALLATION = `file://${path.resolve('tests/e2e/support/installation.ts')}`;

/** Runs ES module code with the project's Node on the test data and returns the JSON it printed last. */
export function runNode<T>(code: string): T {
  const run = spawnSync(NODE, ['--input-type=module', '-e', code], { encoding: 'utf8', env: testEnv() });
  if (run.status !== 0) throw new Error(`node failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}

/** The log-in form's words in each language. */
const LOG_IN_FORM = {
  en: { locale: 'en-US', email: 'E-mail address', password: 'Password', submit: 'Log in' },
  de: { locale: 'de-DE', email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
} as const;

/**
 * Logs a staff member in through the log-in form (English unless `options.lang` says German)
 * in a new browser context (a phone's size with `options.viewport`) and waits for the desk;
 * returns the page (close its context when done).
 */
export async function logInAs(
  browser: Browser,
  email: string,
  password: string,
  javaScriptEnabled = true,
  options: { lang?: keyof typeof LOG_IN_FORM; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const form = LOG_IN_FORM[options.lang ?? 'en'];
  const context = await browser.newContext({ locale: form.locale, javaScriptEnabled, ...(options.viewport ? { viewport: options.viewport } : {}) });
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel(form.email).fill(email);
  await page.getByLabel(form.password).fill(password);
  await page.getByRole('button', { name: form.submit }).click();
  await expect(page).toHaveURL('/staff');
  return page;
}
