/**
 * Staff log-in against the built server: accounts are created in the test server's data
 * folder with `scripts/user-add.ts`, as an operator would. Covers the redirect of anonymous
 * visitors, wrong passwords (one message for every failure, the e-mail address kept),
 * throttling, the start page, the header, `next`, log-out, and that signed-in pages are
 * never cached or shared. The log-in form is a plain form post: it runs without JavaScript.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

test.use({ javaScriptEnabled: false });

const PASSWORD = 'e2e-staff-password';

const AGENT = { email: 'e2e.agent@tierzero.test', name: 'Erika Agent', role: 'first_level', extra: ['--trainee'] };
const SPECIALIST = { email: 'e2e.specialist@tierzero.test', name: 'Sven Specialist', role: 'third_level', extra: ['--areas', 'banking,export'] };
const THROTTLED = { email: 'e2e.throttled@tierzero.test', name: 'Theo Throttled', role: 'second_level', extra: [] };

test.beforeAll(() => {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: run the tests through playwright.config.ts');
  for (const account of [AGENT, SPECIALIST, THROTTLED]) {
    // The password comes on STDIN, as `printf '%s\n' "$PW" | npm run user:add -- …` would pass it.
    const run = spawnSync(
      path.resolve('node_modules/.bin/node'),
      ['scripts/user-add.ts', '--email', account.email, '--name', account.name, '--role', account.role, ...account.extra],
      { input: `${PASSWORD}\n`, encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.E2E_CONTENT_DIR } },
    );
    // A restarted worker runs beforeAll again: the accounts from the first run are fine.
    if (run.status !== 0 && !run.stderr.includes('already exists')) throw new Error(`user:add failed: ${run.stderr || run.error}`);
    if (run.status === 0) expect(run.stdout).toContain(`created staff account #`);
  }
});

/** Fills and submits the log-in form on the current page. */
async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('anonymous visitors of /staff are sent to the log-in page, which comes back afterwards', async ({ page }) => {
  const response = await page.goto('/staff?view=mine');
  await expect(page).toHaveURL('/staff/login?next=%2Fstaff%3Fview%3Dmine');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff log-in');

  await submitLogin(page, AGENT.email, PASSWORD);
  await expect(page).toHaveURL('/staff?view=mine');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Erika Agent');
});

test('a wrong password or an unknown address gives one message and keeps the e-mail address', async ({ page }) => {
  await page.goto('/staff/login');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/staff/login') && r.request().method() === 'POST'),
    submitLogin(page, AGENT.email, 'not-the-password'),
  ]);
  expect(response.status()).toBe(401);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Log-in failed');
  await expect(alert).toContainText('Wrong e-mail address or password.');
  await expect(page.getByLabel('E-mail address')).toHaveValue(AGENT.email);
  await expect(page.getByLabel('Password')).toHaveValue('');

  await submitLogin(page, 'nobody@tierzero.test', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('Wrong e-mail address or password.');
  await expect(page.getByLabel('E-mail address')).toHaveValue('nobody@tierzero.test');

  // Empty fields are named one by one.
  await page.getByLabel('E-mail address').fill('');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter your e-mail address');
  await expect(page.getByRole('alert')).toContainText('Enter your password.');
});

test('the messages follow the interface language', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'tz_lang', value: 'de', url: baseURL! }]);
  await page.goto('/staff/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anmeldung für Mitarbeitende');
  await page.getByLabel('E-Mail-Adresse').fill(AGENT.email);
  await page.getByLabel('Passwort').fill('falsches-passwort');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort ist falsch.');
});

test('repeated failures throttle the account, with a clear message, even for the right password', async ({ page }) => {
  await page.goto('/staff/login');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitLogin(page, THROTTLED.email, `wrong-password-${attempt}`);
    await expect(page.getByRole('alert')).toContainText('Wrong e-mail address or password.');
  }
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/staff/login') && r.request().method() === 'POST'),
    submitLogin(page, THROTTLED.email, PASSWORD),
  ]);
  expect(response.status()).toBe(429);
  await expect(page.getByRole('alert')).toContainText('Too many failed log-in attempts. Please try again in 15 minutes.');
  await expect(page.getByLabel('E-mail address')).toHaveValue(THROTTLED.email);
  const cookies = await page.context().cookies();
  expect(cookies.find((cookie) => cookie.name === 'tz_session')).toBeUndefined();
});

test('the start page shows the account, the header the signed-in name; log-out ends the session', async ({ page, context, request }) => {
  // A public page in the page cache before logging in must not be served to staff, or after.
  await page.goto('/');
  await expect(page.locator('[data-staff-nav]')).toHaveCount(0);

  await page.goto('/staff/login');
  await submitLogin(page, SPECIALIST.email, PASSWORD);
  await expect(page).toHaveURL('/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Sven Specialist');
  // The account card is on the account page, reached from the user menu.
  await page.locator('[data-user-menu]').getByRole('link', { name: 'Signed in as Sven Specialist' }).click();
  await expect(page).toHaveURL('/staff/account');
  const account = page.getByRole('region', { name: 'Your account' });
  await expect(account.locator('[data-staff-role]')).toHaveText('Third-level specialist');
  await expect(account.locator('[data-staff-email]')).toHaveText(SPECIALIST.email);
  await expect(account.locator('[data-staff-areas] li')).toHaveText(['Bank accounts & receipts', 'Export & interfaces']);
  await expect(account.locator('[data-staff-trainee]')).toHaveCount(0);

  const session = (await context.cookies()).find((cookie) => cookie.name === 'tz_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(session!.value).toMatch(/^[a-z2-7]{32}$/);
  expect(session!.expires * 1000).toBeGreaterThan(Date.now() + 29 * 86_400_000);

  const header = page.locator('[data-staff-nav]');
  await expect(header).toContainText('Signed in as Sven Specialist');
  await expect(header.getByRole('link', { name: 'Desk' })).toHaveAttribute('href', '/staff');

  // Public pages render for the signed-in user (never from the cache), and stay private.
  const home = await page.goto('/');
  await expect(page.locator('[data-staff-nav]')).toContainText('Signed in as Sven Specialist');
  expect(home?.headers()['cache-control']).toBe('private, no-store');

  await page.locator('[data-staff-nav]').getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL('/staff/login?loggedOut');
  await expect(page.getByRole('status')).toHaveText('You have been logged out.');
  expect((await context.cookies()).find((cookie) => cookie.name === 'tz_session')).toBeUndefined();

  await page.goto('/');
  await expect(page.locator('[data-staff-nav]')).toHaveCount(0);
  await page.goto('/staff');
  await expect(page).toHaveURL('/staff/login');

  // The old token is dead on the server, not only forgotten by the browser.
  const replay = await request.get('/staff', { headers: { Cookie: `tz_session=${session!.value}` }, maxRedirects: 0 });
  expect(replay.status()).toBe(303);
  expect(replay.headers()['location']).toBe('/staff/login');
});

test('the account page shows the trainee flag; log-out is in the user menu of every staff page', async ({ page }) => {
  await page.goto('/staff/login');
  await submitLogin(page, AGENT.email, PASSWORD);
  await expect(page).toHaveURL('/staff');
  await page.goto('/staff/account');
  const account = page.getByRole('region', { name: 'Your account' });
  await expect(account.locator('[data-staff-role]')).toHaveText('First-level support');
  await expect(account.locator('[data-staff-trainee]')).toContainText('Yes');
  await expect(account.locator('[data-staff-presence]')).toContainText('Away');

  // Visiting the log-in page while signed in goes straight on.
  await page.goto('/staff/login?next=%2Fsearch%3Fq%3Ddatev');
  await expect(page).toHaveURL('/en/search?q=datev');

  await page.goto('/staff');
  // Exactly one log-out button on a staff page: in the user menu.
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(1);
  await page.locator('[data-user-menu]').getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL('/staff/login?loggedOut');
});

test('`next` only leads to paths on this site', async ({ page }) => {
  await page.goto('/staff/login?next=https%3A%2F%2Fevil.example%2F');
  await submitLogin(page, AGENT.email, PASSWORD);
  await expect(page).toHaveURL('/staff');
});

test('log-out only accepts same-origin posts; a stale cookie is removed', async ({ request, playwright, baseURL }) => {
  const crossSite = await request.post('/staff/logout', { headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, data: 'x', maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);

  const client = await playwright.request.newContext({ baseURL });
  const stale = await client.get('/staff', { headers: { Cookie: 'tz_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, maxRedirects: 0 });
  expect(stale.status()).toBe(303);
  expect(stale.headers()['set-cookie']).toMatch(/tz_session=[^;]*;.*Expires=Thu, 01 Jan 1970/i);
  await client.dispose();
});

test.describe('with JavaScript', () => {
  // axe runs as a script in the page.
  test.use({ javaScriptEnabled: true });

  test('the log-in page with errors and the start page have no serious accessibility violations', async ({ page }) => {
    const check = async (): Promise<void> => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
      expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
    };
    await page.goto('/staff/login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await check();
    await submitLogin(page, SPECIALIST.email, PASSWORD);
    await expect(page).toHaveURL('/staff');
    await check();
  });
});
