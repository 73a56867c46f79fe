/**
 * Security of the web layer (issue 18): redirect targets from the request never leave the
 * site (log-in `next` on GET with a session, the log-in form post and the JSON action, the
 * language switch's `back`); every kind of page works in Chromium under the strict
 * Content-Security-Policy without a single violation (search-as-you-type, the ticket form,
 * the editor preview, the desk scripts); security headers on pages, cached pages and other
 * responses; Secure cookies when SITE_URL is HTTPS; and the admin page for log-in locks.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { addStaffAccounts, logInAs } from './support/staff.ts';
import { extraServer } from './support/extra-server.ts';

const RUN = Date.now().toString(36);
const PASSWORD = 'e2e-security-password';
const ADMIN = { email: `sec.admin.${RUN}@tierzero.test`, name: 'Sina Security', role: 'admin' };
const LOCKED = { email: `sec.locked.${RUN}@tierzero.test`, name: 'Lotte Locked', role: 'first_level' };

test.beforeAll(() => addStaffAccounts([ADMIN, LOCKED], PASSWORD));

/** Targets that must never lead away from the site (issue 18), as they arrive after URL decoding. */
const EVIL_TARGETS = [
  '/.//evil.example/x',
  '/staff/..//evil.example/x',
  '//evil.example/x',
  '/\\evil.example/x',
  'https://evil.example/x',
  '/\t/evil.example/path',
  '/x\r\nSet-Cookie: a=b',
  '/x\n',
  '/x\u0000',
];

/** The Location header of a response, checked to be a path on this site. */
function expectLocalLocation(location: string | undefined, label: string): void {
  expect(location, label).toBeTruthy();
  expect(location!.startsWith('/') && !location!.startsWith('//'), `${label}: ${location}`).toBe(true);
  expect(location, label).not.toMatch(/[\\\u0000-\u001f]|evil/);
}

test.describe('redirect targets from the request stay on this site', () => {
  test('the language switch: /lang/<x>?back=', async ({ request }) => {
    for (const back of EVIL_TARGETS) {
      for (const lang of ['de', 'xx']) {
        const response = await request.get(`/lang/${lang}?back=${encodeURIComponent(back)}`, { maxRedirects: 0 });
        expect(response.status(), JSON.stringify(back)).toBe(303);
        expectLocalLocation(response.headers()['location'], `lang ${lang} ${JSON.stringify(back)}`);
      }
    }
    // The raw form from the report: %09 between the slashes.
    const raw = await request.get('/lang/de?back=/%09/evil.example/path', { maxRedirects: 0 });
    expect(raw.headers()['location']).toBe('/');
    const ok = await request.get(`/lang/de?back=${encodeURIComponent('/search?q=rechnung')}`, { maxRedirects: 0 });
    expect(ok.headers()['location']).toBe('/search?q=rechnung');
  });

  test('log-in next: GET with a session, the form post and the JSON action', async ({ playwright, baseURL }) => {
    const client: APIRequestContext = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
    try {
      for (const next of EVIL_TARGETS) {
        // The JSON action (as the enhanced form calls it).
        const action = await client.post('/_actions/auth.login', { form: { email: ADMIN.email, password: PASSWORD, next } });
        expect(action.status(), JSON.stringify(next)).toBe(200);
        const body = await action.text();
        expect(body, JSON.stringify(next)).toContain('/staff');
        expect(body, JSON.stringify(next)).not.toContain('evil');
        // The plain form post to the page.
        const post = await client.post('/staff/login?_action=auth.login', { form: { email: ADMIN.email, password: PASSWORD, next }, maxRedirects: 0 });
        expect(post.status(), JSON.stringify(next)).toBe(303);
        expectLocalLocation(post.headers()['location'], `POST ${JSON.stringify(next)}`);
        // GET with a session.
        const get = await client.get(`/staff/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
        expect(get.status(), JSON.stringify(next)).toBe(303);
        expectLocalLocation(get.headers()['location'], `GET ${JSON.stringify(next)}`);
      }
      const fine = await client.get(`/staff/login?next=${encodeURIComponent('/staff/articles?status=draft')}`, { maxRedirects: 0 });
      expect(fine.headers()['location']).toBe('/staff/articles?status=draft');
    } finally {
      await client.dispose();
    }
  });
});

test.describe('headers', () => {
  test('pages (fresh and from the page cache), JSON and redirects carry the security headers', async ({ request }) => {
    for (const path of ['/', '/', '/articles/reset-password', '/articles/reset-password', '/search?q=invoice', '/staff/login', '/api/search?q=invoice', '/lang/de?back=/', '/no-such-page']) {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      const csp = headers['content-security-policy'] ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toMatch(/default-src '(?:self|none)'/);
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBeTruthy();
      if (headers['content-type']?.startsWith('text/html')) expect(csp, path).toMatch(/script-src 'self'/);
    }
  });

  test('every cookie is Secure when SITE_URL is HTTPS', async ({ playwright }) => {
    test.setTimeout(60_000);
    const server = await extraServer('https-cookies', { SITE_URL: 'https://help.example' });
    await server.start();
    try {
      const client = await playwright.request.newContext({ baseURL: server.baseURL });
      const lang = await client.get('/lang/de?back=/', { maxRedirects: 0 });
      const cookie = lang.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie')?.value ?? '';
      expect(cookie).toMatch(/^tz_lang=de;/);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      await client.dispose();
    } finally {
      server.stop();
    }
  });
});

/** Records CSP violations and console errors of a page. */
function watchViolations(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

const RECORD_VIOLATIONS = (): void => {
  const list: string[] = [];
  (window as unknown as { __cspViolations: string[] }).__cspViolations = list;
  document.addEventListener('securitypolicyviolation', (event) => list.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
};

test('every kind of page works under the Content-Security-Policy without a violation', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.addInitScript(RECORD_VIOLATIONS);
  const problems = watchViolations(page);
  const visit = async (path: string): Promise<void> => {
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy'], path).toBeTruthy();
    expect(await cspViolations(page), path).toEqual([]);
  };

  // Public pages, twice each so the second comes from the page cache.
  for (const path of ['/', '/', '/categories/account', '/articles/reset-password', '/articles/reset-password', '/search?q=invoice', '/contact', '/no-such-page', '/staff/login']) await visit(path);
  // Search as you type (the home page's combobox) works.
  await page.goto('/');
  const combobox = page.getByRole('combobox', { name: 'Search the help center' });
  await combobox.click();
  await combobox.pressSequentially('reset password');
  await expect(page.locator('#home-search-listbox').getByRole('option').first()).toContainText('Reset your password');
  expect(await cspViolations(page)).toEqual([]);
  // The ticket form's scripts (suggested articles while typing).
  await visit('/tickets/new');
  await page.getByLabel('Subject').fill('reset password');
  await page.getByLabel('Your question or problem').fill('I forgot my password and cannot reset it.');
  await page.waitForTimeout(800);
  expect(await cspViolations(page), '/tickets/new typing').toEqual([]);
  expect(problems).toEqual([]);

  // Staff pages, as an admin (who may open all of them).
  const staff = await logInAs(browser, ADMIN.email, PASSWORD);
  await staff.addInitScript(RECORD_VIOLATIONS);
  const staffProblems = watchViolations(staff);
  for (const path of [
    '/staff',
    '/staff/articles',
    '/staff/articles/datev-export',
    '/staff/articles/history/datev-export',
    '/staff/articles/new',
    '/staff/templates',
    '/staff/calls/new',
    '/staff/insights',
    '/staff/training',
    '/staff/training/progress',
    '/staff/outbox',
    '/staff/login-locks',
  ]) {
    const response = await staff.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(await cspViolations(staff), path).toEqual([]);
  }
  // The editor's live preview (rendered on the server, inserted by the script).
  await staff.goto('/staff/articles/edit/datev-export');
  const body = staff.getByLabel('Body (Markdown)');
  await body.fill(`## Check\n\nThe **csp${RUN}** preview.`);
  await expect(staff.locator('[data-preview] strong', { hasText: `csp${RUN}` })).toBeVisible();
  // A ticket page with the knowledge-base panel.
  await staff.goto('/staff');
  const ticketLink = staff.locator('a[href^="/staff/tickets/T-"]').first();
  if (await ticketLink.count()) {
    await ticketLink.click();
    await expect(staff.locator('[data-ticket-reference]')).toBeVisible();
  }
  expect(await cspViolations(staff)).toEqual([]);
  expect(staffProblems).toEqual([]);
  await staff.context().close();
});

test.describe('log-in locks', () => {
  test('five wrong passwords lock only that pair; an admin sees the lock (German and English) and lifts it', async ({ browser, page }) => {
    test.setTimeout(60_000);
    await page.goto('/staff/login');
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel('E-mail address').fill(LOCKED.email);
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByText('Wrong e-mail address or password.')).toBeVisible();
    }
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText(/Too many failed log-in attempts/)).toBeVisible();

    const admin = await logInAs(browser, ADMIN.email, PASSWORD);
    await admin.goto('/staff');
    await admin.getByRole('link', { name: 'Log-in locks' }).click();
    await expect(admin).toHaveURL('/staff/login-locks');
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Log-in locks');
    const row = admin.locator(`tr[data-lock="pair"][data-lock-account="${LOCKED.email}"]`);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Account from this address');
    await expect(row).toContainText('5');
    const axe = await new AxeBuilder({ page: admin }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The same page in German.
    await admin.goto('/lang/de?back=/staff/login-locks');
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Anmeldesperren');
    await expect(row).toContainText('Konto von dieser Adresse');
    await row.getByRole('button', { name: /Aufheben/ }).click();
    await expect(admin).toHaveURL('/staff/login-locks?done=lifted');
    await expect(admin.getByRole('status')).toHaveText('Die Sperre wurde aufgehoben.');
    await expect(row).toHaveCount(0);
    await admin.context().close();

    // The account logs in again.
    await page.getByLabel('E-mail address').fill(LOCKED.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL('/staff');
  });
});
